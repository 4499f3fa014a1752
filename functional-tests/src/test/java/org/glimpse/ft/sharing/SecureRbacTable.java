package org.glimpse.ft.sharing;

/**
 * The sharing matrix ({@link SharingMatrix}, same operations, images and cell notation) as the
 * reference Glance 25.1 answers it with {@code etc/policy-secure-rbac.yaml} loaded, plus two
 * read-only personas: {@code owner-reader} (only the reader role, in the owner's project) and
 * {@code accepted-reader} (only the reader role, in the project whose membership is accepted).
 *
 * <p>How it was obtained: Debian's glance-api 2:25.1.0 started by {@code glance-ref.sh} with
 * {@code [DEFAULT] allow_anonymous_access = True} (so that a request without identity headers is
 * Glance's anonymous, read-only context, as Glimpse's is without a default noauth project) and
 * the policy file dropped into its {@code policy.d}; then {@code SharingMatrixSecureRbacTest} run
 * against it ({@code -Dglimpse.ft.reference=http://127.0.0.1:19293}), which writes what every
 * cell got to {@code target/sharing-matrix/}. {@code [DEFAULT] enforce_secure_rbac} stays False
 * (Zed's default), so Glance's owner checks on image writes still apply. The same run against the
 * unchanged Glance reproduces {@link SharingMatrix#LEGACY} but for the one documented anonymous
 * listing difference, and gives the reader personas exactly the owner's and the accepted
 * member's answers there.
 *
 * <p>What the rules change compared with the legacy matrix: an anonymous caller (no roles) can
 * neither see an image (404) nor list any (403: get_images wants reader); a caller with only the
 * reader role may look (show, list, member lists) but not download (download_image wants member)
 * nor change anything (modify_image, delete_image, deactivate, add_member, delete_member and
 * modify_member want member).
 */
final class SecureRbacTable {
  private SecureRbacTable() {}

  static final String TABLE = """
      # operation                  visibility  owner  pending  accepted  rejected  stranger  admin  anonymous  owner-reader  accepted-reader
      show                         public      200    200      200       200       200       200    404        200           200
      show                         private     200    404      404       404       404       200    404        200           404
      show                         shared      200    200      200       200       404       200    404        200           200
      show                         community   200    200      200       200       200       200    404        200           200

      list                         public      +      +        +         +         +         +      403        +             +
      list                         private     +      -        -         -         -         +      403        +             -
      list                         shared      +      -        +         -         -         +      403        +             +
      list                         community   +      -        -         -         -         -      403        +             -

      list?member_status=pending   public      +      +        +         +         +         +      403        +             +
      list?member_status=pending   private     +      -        -         -         -         +      403        +             -
      list?member_status=pending   shared      +      +        -         -         -         +      403        +             -
      list?member_status=pending   community   +      -        -         -         -         -      403        +             -

      list?member_status=accepted  public      +      +        +         +         +         +      403        +             +
      list?member_status=accepted  private     +      -        -         -         -         +      403        +             -
      list?member_status=accepted  shared      +      -        +         -         -         +      403        +             +
      list?member_status=accepted  community   +      -        -         -         -         -      403        +             -

      list?member_status=rejected  public      +      +        +         +         +         +      403        +             +
      list?member_status=rejected  private     +      -        -         -         -         +      403        +             -
      list?member_status=rejected  shared      +      -        -         +         -         +      403        +             -
      list?member_status=rejected  community   +      -        -         -         -         -      403        +             -

      list?member_status=all       public      +      +        +         +         +         +      403        +             +
      list?member_status=all       private     +      -        -         -         -         +      403        +             -
      list?member_status=all       shared      +      +        +         +         -         +      403        +             +
      list?member_status=all       community   +      -        -         -         -         -      403        +             -

      list?visibility=public       public      +      +        +         +         +         +      403        +             +
      list?visibility=public       private     -      -        -         -         -         -      403        -             -
      list?visibility=public       shared      -      -        -         -         -         -      403        -             -
      list?visibility=public       community   -      -        -         -         -         -      403        -             -

      list?visibility=private      public      -      -        -         -         -         -      403        -             -
      list?visibility=private      private     +      -        -         -         -         +      403        +             -
      list?visibility=private      shared      -      -        -         -         -         -      403        -             -
      list?visibility=private      community   -      -        -         -         -         -      403        -             -

      list?visibility=shared       public      -      -        -         -         -         -      403        -             -
      list?visibility=shared       private     -      -        -         -         -         -      403        -             -
      list?visibility=shared       shared      +      -        +         -         -         +      403        +             +
      list?visibility=shared       community   -      -        -         -         -         -      403        -             -

      list?visibility=community    public      -      -        -         -         -         -      403        -             -
      list?visibility=community    private     -      -        -         -         -         -      403        -             -
      list?visibility=community    shared      -      -        -         -         -         -      403        -             -
      list?visibility=community    community   +      +        +         +         +         +      403        +             +

      list?visibility=all          public      +      +        +         +         +         +      403        +             +
      list?visibility=all          private     +      -        -         -         -         +      403        +             -
      list?visibility=all          shared      +      -        +         -         -         +      403        +             +
      list?visibility=all          community   +      +        +         +         +         +      403        +             +

      download                     public      200    200      200       200       200       200    404        403           403
      download                     private     200    404      404       404       404       200    404        403           404
      download                     shared      200    200      200       200       404       200    404        403           403
      download                     community   200    200      200       200       200       200    404        403           403

      members                      public      403    403      403       403       403       403    403        403           403
      members                      private     403    404      404       404       404       403    404        403           404
      members                      shared      all    own      own       own       404       all    404        all           own
      members                      community   403    403      403       403       403       403    403        403           403

      member-own                   public      404    404      404       404       404       404    404        404           404
      member-own                   private     404    404      404       404       404       404    404        404           404
      member-own                   shared      404    200      200       200       404       404    404        404           200
      member-own                   community   404    404      404       404       404       404    404        404           404

      member-other                 public      404    404      404       404       404       404    404        404           404
      member-other                 private     404    404      404       404       404       404    404        404           404
      member-other                 shared      200    404      404       404       404       200    404        200           404
      member-other                 community   404    404      404       404       404       404    404        404           404

      update                       public      200    403      403       403       403       200    403        403           403
      update                       private     200    404      404       404       404       200    403        403           404
      update                       shared      200    403      403       403       404       200    403        403           403
      update                       community   200    403      403       403       403       200    403        403           403

      delete                       public      204    403      403       403       403       204    403        403           403
      delete                       private     204    404      404       404       404       204    403        403           404
      delete                       shared      204    403      403       403       404       204    403        403           403
      delete                       community   204    403      403       403       403       204    403        403           403

      tag                          public      204    403      403       403       403       204    403        403           403
      tag                          private     204    404      404       404       404       204    403        403           404
      tag                          shared      204    403      403       403       404       204    403        403           403
      tag                          community   204    403      403       403       403       204    403        403           403

      deactivate                   public      204    403      403       403       403       204    403        403           403
      deactivate                   private     204    404      404       404       404       204    403        403           404
      deactivate                   shared      204    403      403       403       404       204    403        403           403
      deactivate                   community   204    403      403       403       403       204    403        403           403

      member-add                   public      403    403      403       403       403       403    403        403           403
      member-add                   private     403    404      404       404       404       403    403        403           404
      member-add                   shared      200    403      403       403       404       200    403        403           403
      member-add                   community   403    403      403       403       403       403    403        403           403

      status-own                   public      403    403      403       403       403       403    403        403           403
      status-own                   private     403    404      404       404       404       403    403        403           404
      status-own                   shared      403    200      200       200       404       404    403        403           403
      status-own                   community   403    403      403       403       403       403    403        403           403

      status-other                 public      403    403      403       403       403       403    403        403           403
      status-other                 private     403    404      404       404       404       403    403        403           404
      status-other                 shared      403    404      404       404       404       200    403        403           404
      status-other                 community   403    403      403       403       403       403    403        403           403

      remove-own                   public      403    403      403       403       403       403    403        403           403
      remove-own                   private     403    404      404       404       404       403    403        403           404
      remove-own                   shared      404    403      403       403       404       404    403        404           403
      remove-own                   community   403    403      403       403       403       403    403        403           403

      remove-other                 public      403    403      403       403       403       403    403        403           403
      remove-other                 private     403    404      404       404       404       403    403        403           404
      remove-other                 shared      204    403      403       403       404       204    403        403           403
      remove-other                 community   403    403      403       403       403       403    403        403           403
      """;
}
