package org.glimpse.ft.sharing;

/**
 * Who calls, as the sharing rules see it: the image's owner, a project holding a membership in
 * each status, a project with none, an admin of another project, and an anonymous caller (no
 * identity headers on a server without a default noauth project).
 */
enum Actor {
  OWNER("projOwner", "member,reader"),
  PENDING("projPending", "member,reader"),
  ACCEPTED("projAccepted", "member,reader"),
  REJECTED("projRejected", "member,reader"),
  STRANGER("projStranger", "member,reader"),
  ADMIN("projAdmin", "admin"),
  ANONYMOUS(null, null);

  /** The members every sharing image starts with, in the order they are added. */
  static final Actor[] MEMBERS = {PENDING, ACCEPTED, REJECTED};

  final String project;
  final String roles;

  Actor(String project, String roles) {
    this.project = project;
    this.roles = roles;
  }

  /** The member id this caller would have: its project ("anonymous" when it has none). */
  String memberId() {
    return project == null ? "anonymous" : project;
  }

  /** Another project's membership: the accepted member's, or for that member the pending one's. */
  String otherMemberId() {
    return this == ACCEPTED ? PENDING.project : ACCEPTED.project;
  }

  boolean isMember() {
    return this == PENDING || this == ACCEPTED || this == REJECTED;
  }

  /** The membership status this member answers with once added. */
  String memberStatus() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** How the matrix names the column. */
  String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
