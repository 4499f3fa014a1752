package org.glimpse.ft.sharing;

/**
 * Who calls, as the sharing rules see it: the image's owner, a project holding a membership in
 * each status, a project with none, an admin of another project, an anonymous caller (no identity
 * headers on a server without a default noauth project), and two read-only personas of secure
 * RBAC: a caller with only the reader role in the owner's project, and one with only the reader
 * role in the project whose membership is accepted.
 */
enum Actor {
  OWNER("projOwner", "member,reader", null),
  PENDING("projPending", "member,reader", "pending"),
  ACCEPTED("projAccepted", "member,reader", "accepted"),
  REJECTED("projRejected", "member,reader", "rejected"),
  STRANGER("projStranger", "member,reader", null),
  ADMIN("projAdmin", "admin", null),
  ANONYMOUS(null, null, null),
  OWNER_READER("projOwner", "reader", null),
  ACCEPTED_READER("projAccepted", "reader", "accepted");

  /** The members every sharing image starts with, in the order they are added. */
  static final Actor[] MEMBERS = {PENDING, ACCEPTED, REJECTED};

  final String project;
  final String roles;
  /** The status of the membership the caller's project holds on every sharing image, or null. */
  private final String memberStatus;

  Actor(String project, String roles, String memberStatus) {
    this.project = project;
    this.roles = roles;
    this.memberStatus = memberStatus;
  }

  /** The member id this caller would have: its project ("anonymous" when it has none). */
  String memberId() {
    return project == null ? "anonymous" : project;
  }

  /**
   * Another project's membership: the accepted member's, or for a caller in the accepted
   * project the pending one's.
   */
  String otherMemberId() {
    return ACCEPTED.project.equals(project) ? PENDING.project : ACCEPTED.project;
  }

  boolean isMember() {
    return memberStatus != null;
  }

  /** The status of the caller's project's membership once the image is shared. */
  String memberStatus() {
    return memberStatus;
  }

  /** How a matrix names the column. */
  String column() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The actor a matrix column names. */
  static Actor ofColumn(String column) {
    return valueOf(column.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
