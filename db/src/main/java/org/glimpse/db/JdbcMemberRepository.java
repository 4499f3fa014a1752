package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.time.ImageClock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Memberships in the image_members table. Removing one marks its row deleted, as Glance does, and
 * so does deleting the image; a deleted row is hidden from every read here but {@link
 * #findRemoved}, and adding the project again brings the row back as the new membership, so that
 * (image_id, member) stays unique.
 */
final class JdbcMemberRepository implements MemberRepository {
  private static final String COLUMNS =
      "m.image_id, m.member, m.status, m.can_share, m.created_at, m.updated_at, m.expires_at";
  /** A membership that counts: not removed and not past its expiry (bound to now). */
  static final String CURRENT = " m.deleted = FALSE AND (m.expires_at IS NULL OR m.expires_at > ?)";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LockingTransactions transactions;
  private final ImageClock clock;

  JdbcMemberRepository(Jdbi jdbi, Dialect dialect, ImageClock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.transactions = new LockingTransactions(jdbi, dialect);
    this.clock = clock;
  }

  private LocalDateTime now() {
    return Timestamps.toDb(clock.now());
  }

  @Override
  public List<Member> listForImage(String imageId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM image_members m"
            + " WHERE m.image_id = ? AND" + CURRENT + " ORDER BY m.created_at, m.id")
        .bind(0, imageId)
        .bind(1, now())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public List<Member> listForMember(String memberId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS
            + " FROM image_members m JOIN images i ON i.id = m.image_id"
            + " WHERE m.member = ? AND" + CURRENT + " AND i.deleted = FALSE"
            + " ORDER BY m.created_at, m.id")
        .bind(0, memberId)
        .bind(1, now())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public Optional<Member> find(String imageId, String memberId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM image_members m"
            + " WHERE m.image_id = ? AND m.member = ? AND" + CURRENT)
        .bind(0, imageId)
        .bind(1, memberId)
        .bind(2, now())
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public boolean add(Member member, int limit) {
    String imageId = member.imageId();
    return transactions.inTransaction(imageId, handle -> {
      // the image's row lock serializes the adds, so each one counts those committed before it
      handle.createQuery("SELECT id FROM images WHERE id = ? AND deleted = FALSE FOR UPDATE")
          .bind(0, imageId)
          .mapTo(String.class)
          .findOne()
          .orElseThrow(() -> new NotFoundException("No image found with ID " + imageId));
      LocalDateTime now = now();
      // the member quota covers shares with whole domains too (see SharingRepository.addAll)
      if (limit >= 0 && membersAndDomainShares(handle, imageId, now) >= limit) {
        return false;
      }
      if (revive(handle, member, now) == 0) {
        insert(handle, member, dialect);
      }
      return true;
    });
  }

  /**
   * Turns the removed (or expired at {@code now}) row of the same project, if any, into {@code
   * member}; the rows changed.
   */
  static int revive(Handle handle, Member member, LocalDateTime now) {
    return handle.createUpdate("UPDATE image_members SET status = ?, can_share = ?, created_at = ?,"
            + " updated_at = ?, expires_at = ?, deleted = FALSE, deleted_at = NULL"
            + " WHERE image_id = ? AND member = ? AND (deleted = TRUE OR expires_at <= ?)")
        .bind(0, member.status().wire())
        .bind(1, member.canShare())
        .bind(2, Timestamps.toDb(member.createdAt()))
        .bind(3, Timestamps.toDb(member.updatedAt()))
        .bindByType(4, Timestamps.toDb(member.expiresAt()), LocalDateTime.class)
        .bind(5, member.imageId())
        .bind(6, member.memberId())
        .bind(7, now)
        .execute();
  }

  static void insert(Handle handle, Member member, Dialect dialect) {
    try {
      handle.createUpdate("INSERT INTO image_members"
              + " (image_id, member, status, can_share, created_at, updated_at, expires_at, deleted)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)")
          .bind(0, member.imageId())
          .bind(1, member.memberId())
          .bind(2, member.status().wire())
          .bind(3, member.canShare())
          .bind(4, Timestamps.toDb(member.createdAt()))
          .bind(5, Timestamps.toDb(member.updatedAt()))
          .bindByType(6, Timestamps.toDb(member.expiresAt()), LocalDateTime.class)
          .execute();
    } catch (RuntimeException e) {
      if (SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw new ConflictException("Member " + member.memberId()
            + " already has membership of image " + member.imageId(), e);
      }
      throw e;
    }
  }

  @Override
  public void update(Member member) {
    int rows = jdbi.withHandle(handle -> update(handle, member, now()));
    // MySQL-family servers may count only changed rows, so an unchanged row needs a second look.
    if (rows == 0 && find(member.imageId(), member.memberId()).isEmpty()) {
      throw new NotFoundException("Member " + member.memberId()
          + " not found for image " + member.imageId());
    }
  }

  /** Writes status, can_share, expires_at and updated_at of a current membership; rows changed. */
  static int update(Handle handle, Member member, LocalDateTime now) {
    return handle
        .createUpdate("UPDATE image_members SET status = ?, can_share = ?, updated_at = ?, expires_at = ?"
            + " WHERE image_id = ? AND member = ? AND deleted = FALSE"
            + " AND (expires_at IS NULL OR expires_at > ?)")
        .bind(0, member.status().wire())
        .bind(1, member.canShare())
        .bind(2, Timestamps.toDb(member.updatedAt()))
        .bindByType(3, Timestamps.toDb(member.expiresAt()), LocalDateTime.class)
        .bind(4, member.imageId())
        .bind(5, member.memberId())
        .bind(6, now)
        .execute();
  }

  @Override
  public boolean remove(String imageId, String memberId, Instant when) {
    return jdbi.withHandle(handle -> handle
        .createUpdate("UPDATE image_members SET deleted = TRUE, deleted_at = ?, updated_at = ?"
            + " WHERE image_id = ? AND member = ? AND deleted = FALSE"
            + " AND (expires_at IS NULL OR expires_at > ?)")
        .bind(0, Timestamps.toDb(when))
        .bind(1, Timestamps.toDb(when))
        .bind(2, imageId)
        .bind(3, memberId)
        .bind(4, now())
        .execute()) > 0;
  }

  @Override
  public Optional<Member> findRemoved(String imageId, String memberId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM image_members m"
            + " WHERE m.image_id = ? AND m.member = ? AND m.deleted = TRUE")
        .bind(0, imageId)
        .bind(1, memberId)
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public int count(String imageId) {
    return jdbi.withHandle(handle -> count(handle, imageId, now()));
  }

  /** Current memberships of the image at {@code now}. */
  static int count(Handle handle, String imageId, LocalDateTime now) {
    return handle
        .createQuery("SELECT COUNT(*) FROM image_members m WHERE m.image_id = ? AND" + CURRENT)
        .bind(0, imageId)
        .bind(1, now)
        .mapTo(Integer.class)
        .one();
  }

  /** Current memberships and domain shares of the image at {@code now}, in one statement. */
  private static int membersAndDomainShares(Handle handle, String imageId, LocalDateTime now) {
    return handle.createQuery("SELECT (SELECT COUNT(*) FROM image_members m WHERE m.image_id = ? AND"
            + CURRENT + ") + (SELECT COUNT(*) FROM image_domain_shares"
            + " WHERE image_id = ? AND (expires_at IS NULL OR expires_at > ?))")
        .bind(0, imageId).bind(1, now).bind(2, imageId).bind(3, now).mapTo(Integer.class).one();
  }

  static Member map(ResultSet rs) throws SQLException {
    return new Member(
        rs.getString("image_id"),
        rs.getString("member"),
        MemberStatus.parse(rs.getString("status")).orElseThrow(),
        rs.getBoolean("can_share"),
        Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "updated_at"),
        Timestamps.read(rs, "expires_at"));
  }
}
