package org.glimpse.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.image.SharedWithMe;
import org.glimpse.core.port.SharingRepository;
import org.glimpse.core.time.ImageClock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Domain shares (image_domain_shares, one row per image and domain), the answers of their
 * projects (image_domain_answers), trusted producers, batches and the inbox. Domain shares and
 * answers are deleted outright when they end; memberships are marked deleted as everywhere else.
 * "Current" means not deleted and not past its expiry at the repository clock's now.
 */
final class JdbcSharingRepository implements SharingRepository {
  private static final String SHARE_COLUMNS = "d.image_id, d.domain_id, d.created_at, d.updated_at, d.expires_at";
  private static final String CURRENT_SHARE = " (d.expires_at IS NULL OR d.expires_at > ?)";

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LockingTransactions transactions;
  private final ImageClock clock;

  JdbcSharingRepository(Jdbi jdbi, Dialect dialect, ImageClock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.transactions = new LockingTransactions(jdbi, dialect);
    this.clock = clock;
  }

  private LocalDateTime now() {
    return Timestamps.toDb(clock.now());
  }

  // --- shares with a domain ---------------------------------------------------------------------

  @Override
  public List<DomainShare> listDomainShares(String imageId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + SHARE_COLUMNS + " FROM image_domain_shares d WHERE d.image_id = ? AND"
            + CURRENT_SHARE + " ORDER BY d.created_at, d.id")
        .bind(0, imageId).bind(1, now())
        .map((rs, ctx) -> mapShare(rs)).list());
  }

  @Override
  public Optional<DomainShare> findDomainShare(String imageId, String domainId) {
    return jdbi.withHandle(handle -> findShare(handle, imageId, domainId, now()));
  }

  private static Optional<DomainShare> findShare(Handle handle, String imageId, String domainId,
      LocalDateTime now) {
    return handle.createQuery("SELECT " + SHARE_COLUMNS + " FROM image_domain_shares d"
            + " WHERE d.image_id = ? AND d.domain_id = ? AND" + CURRENT_SHARE)
        .bind(0, imageId).bind(1, domainId).bind(2, now)
        .map((rs, ctx) -> mapShare(rs)).findOne();
  }

  @Override
  public void updateDomainShare(DomainShare share) {
    int rows = jdbi.withHandle(handle -> handle
        .createUpdate("UPDATE image_domain_shares SET expires_at = ?, updated_at = ?"
            + " WHERE image_id = ? AND domain_id = ? AND (expires_at IS NULL OR expires_at > ?)")
        .bindByType(0, Timestamps.toDb(share.expiresAt()), LocalDateTime.class)
        .bind(1, Timestamps.toDb(share.updatedAt()))
        .bind(2, share.imageId()).bind(3, share.domainId()).bind(4, now())
        .execute());
    if (rows == 0 && findDomainShare(share.imageId(), share.domainId()).isEmpty()) {
      throw shareNotFound(share.imageId(), share.domainId());
    }
  }

  @Override
  public boolean removeDomainShare(String imageId, String domainId) {
    return transactions.inTransaction(imageId, handle -> {
      boolean current = findShare(handle, imageId, domainId, now()).isPresent();
      deleteShare(handle, imageId, domainId);
      return current;
    });
  }

  /** Deletes a domain share (current or expired) and its projects' answers. */
  private static int deleteShare(Handle handle, String imageId, String domainId) {
    handle.createUpdate("DELETE FROM image_domain_answers WHERE image_id = ? AND domain_id = ?")
        .bind(0, imageId).bind(1, domainId).execute();
    return handle.createUpdate("DELETE FROM image_domain_shares WHERE image_id = ? AND domain_id = ?")
        .bind(0, imageId).bind(1, domainId).execute();
  }

  @Override
  public Optional<Member> findDomainMembership(String imageId, String projectId, String domainId) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + SHARE_COLUMNS + ", " + VisibilitySql.STATUS + " AS status,"
            + " a.updated_at AS answered_at"
            + " FROM image_domain_shares d JOIN images i ON i.id = d.image_id"
            + " LEFT JOIN image_domain_answers a ON a.image_id = d.image_id AND a.member = ?"
            + " AND a.domain_id = d.domain_id"
            + " LEFT JOIN trusted_producers t ON t.consumer = ? AND t.producer = i.owner"
            + " WHERE d.image_id = ? AND d.domain_id = ? AND" + CURRENT_SHARE)
        .bind(0, projectId).bind(1, projectId).bind(2, imageId).bind(3, domainId).bind(4, now())
        .map((rs, ctx) -> {
          Instant answered = Timestamps.read(rs, "answered_at");
          return new Member(imageId, projectId, status(rs, "status"), false,
              Timestamps.read(rs, "created_at"), answered != null ? answered : Timestamps.read(rs, "created_at"),
              Timestamps.read(rs, "expires_at"));
        })
        .findOne());
  }

  // --- trusted producers ------------------------------------------------------------------------

  @Override
  public Trust trust(String consumer, String producer, Instant when) {
    Optional<Trust> existing = findTrust(consumer, producer);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbi.useHandle(handle -> handle
          .createUpdate("INSERT INTO trusted_producers (consumer, producer, created_at) VALUES (?, ?, ?)")
          .bind(0, consumer).bind(1, producer).bind(2, Timestamps.toDb(when)).execute());
    } catch (RuntimeException e) {
      if (!SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw e;
      }
    }
    return findTrust(consumer, producer).orElseThrow();
  }

  private Optional<Trust> findTrust(String consumer, String producer) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT consumer, producer, created_at FROM trusted_producers"
            + " WHERE consumer = ? AND producer = ?")
        .bind(0, consumer).bind(1, producer)
        .map((rs, ctx) -> mapTrust(rs)).findOne());
  }

  @Override
  public boolean untrust(String consumer, String producer) {
    return jdbi.withHandle(handle -> handle
        .createUpdate("DELETE FROM trusted_producers WHERE consumer = ? AND producer = ?")
        .bind(0, consumer).bind(1, producer).execute()) > 0;
  }

  @Override
  public List<Trust> trusted(String consumer) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT consumer, producer, created_at FROM trusted_producers WHERE consumer = ?"
            + " ORDER BY created_at, id")
        .bind(0, consumer)
        .map((rs, ctx) -> mapTrust(rs)).list());
  }

  @Override
  public Set<String> consumersTrusting(String producer, Collection<String> consumers) {
    Set<String> trusting = new HashSet<>();
    List<String> all = new ArrayList<>(new TreeSet<>(consumers));
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      SqlBuilder sql = new SqlBuilder()
          .sql("SELECT consumer FROM trusted_producers WHERE producer = ").param(producer)
          .sql(" AND consumer IN ").paramList(chunk);
      trusting.addAll(jdbi.withHandle(handle ->
          sql.bind(handle.createQuery(sql.text())).mapTo(String.class).list()));
    }
    return trusting;
  }

  // --- batches ------------------------------------------------------------------------------------

  @Override
  public BatchAdded addAll(List<Member> members, List<DomainShare> domainShares, int limit) {
    Map<String, List<Member>> membersByImage = new HashMap<>();
    members.forEach(m -> membersByImage.computeIfAbsent(m.imageId(), k -> new ArrayList<>()).add(m));
    Map<String, List<DomainShare>> sharesByImage = new HashMap<>();
    domainShares.forEach(s -> sharesByImage.computeIfAbsent(s.imageId(), k -> new ArrayList<>()).add(s));
    TreeSet<String> imageIds = new TreeSet<>(membersByImage.keySet());
    imageIds.addAll(sharesByImage.keySet());
    if (imageIds.isEmpty()) {
      return new BatchAdded(List.of(), List.of(), List.of(), List.of());
    }
    return transactions.inTransaction(imageIds.first(), handle -> {
      LocalDateTime now = now();
      // locks in id order, so two batches over the same images never wait for each other in a cycle
      for (String imageId : imageIds) {
        handle.createQuery("SELECT id FROM images WHERE id = ? AND deleted = FALSE FOR UPDATE")
            .bind(0, imageId).mapTo(String.class).findOne()
            .orElseThrow(() -> new NotFoundException("No image found with ID " + imageId));
      }
      BatchAdded result = new BatchAdded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (String imageId : imageIds) {
        addToImage(handle, imageId, membersByImage.getOrDefault(imageId, List.of()),
            sharesByImage.getOrDefault(imageId, List.of()), limit, now, result);
      }
      return result;
    });
  }

  private void addToImage(Handle handle, String imageId, List<Member> members, List<DomainShare> shares,
      int limit, LocalDateTime now, BatchAdded result) {
    Map<String, Member> current = new LinkedHashMap<>();
    handle.createQuery("SELECT m.image_id, m.member, m.status, m.can_share, m.created_at, m.updated_at,"
            + " m.expires_at FROM image_members m WHERE m.image_id = ? AND" + JdbcMemberRepository.CURRENT)
        .bind(0, imageId).bind(1, now)
        .map((rs, ctx) -> JdbcMemberRepository.map(rs)).forEach(m -> current.put(m.memberId(), m));
    Map<String, DomainShare> currentShares = new LinkedHashMap<>();
    handle.createQuery("SELECT " + SHARE_COLUMNS + " FROM image_domain_shares d WHERE d.image_id = ? AND"
            + CURRENT_SHARE)
        .bind(0, imageId).bind(1, now)
        .map((rs, ctx) -> mapShare(rs)).forEach(s -> currentShares.put(s.domainId(), s));
    List<Member> newMembers = new ArrayList<>();
    for (Member m : members) {
      if (current.containsKey(m.memberId())) {
        result.existing().add(current.get(m.memberId()));
      } else {
        newMembers.add(m);
      }
    }
    List<DomainShare> newShares = new ArrayList<>();
    for (DomainShare s : shares) {
      if (currentShares.containsKey(s.domainId())) {
        result.existingDomains().add(currentShares.get(s.domainId()));
      } else {
        newShares.add(s);
      }
    }
    int attempted = current.size() + currentShares.size() + newMembers.size() + newShares.size();
    if (limit >= 0 && attempted > limit && !(newMembers.isEmpty() && newShares.isEmpty())) {
      throw new TooLargeException("The limit has been exceeded on the number of allowed image members"
          + " for image " + imageId + ". Attempted: " + attempted + ", Maximum: " + limit);
    }
    // rows of projects that were members once (removed or expired) are revived, the rest inserted
    // in one JDBC batch
    Set<String> withRow = new HashSet<>(handle
        .createQuery("SELECT member FROM image_members WHERE image_id = ?")
        .bind(0, imageId).mapTo(String.class).list());
    PreparedBatch inserts = handle.prepareBatch("INSERT INTO image_members"
        + " (image_id, member, status, can_share, created_at, updated_at, expires_at, deleted)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)");
    for (Member m : newMembers) {
      if (withRow.contains(m.memberId())) {
        JdbcMemberRepository.revive(handle, m, now);
      } else {
        inserts.bind(0, m.imageId()).bind(1, m.memberId()).bind(2, m.status().wire())
            .bind(3, m.canShare()).bind(4, Timestamps.toDb(m.createdAt()))
            .bind(5, Timestamps.toDb(m.updatedAt()))
            .bindByType(6, Timestamps.toDb(m.expiresAt()), LocalDateTime.class)
            .add();
      }
      result.added().add(m);
    }
    if (inserts.size() > 0) {
      try {
        inserts.execute();
      } catch (RuntimeException e) {
        if (SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
          throw new ConflictException("Image " + imageId + " is being shared by another request; try again.", e);
        }
        throw e;
      }
    }
    for (DomainShare s : newShares) {
      deleteShare(handle, imageId, s.domainId());
      // the image's created_at goes on the share: the listing's domain path is read in its order
      handle.createUpdate("INSERT INTO image_domain_shares (image_id, domain_id, image_created_at,"
              + " created_at, updated_at, expires_at) SELECT i.id, ?, i.created_at, ?, ?, ?"
              + " FROM images i WHERE i.id = ?")
          .bind(0, s.domainId())
          .bind(1, Timestamps.toDb(s.createdAt())).bind(2, Timestamps.toDb(s.updatedAt()))
          .bindByType(3, Timestamps.toDb(s.expiresAt()), LocalDateTime.class)
          .bind(4, imageId)
          .execute();
      result.addedDomains().add(s);
    }
  }

  @Override
  public void answerAll(List<Member> memberships, List<DomainAnswer> answers) {
    String first = !memberships.isEmpty() ? memberships.get(0).imageId()
        : !answers.isEmpty() ? answers.get(0).imageId() : null;
    if (first == null) {
      return;
    }
    transactions.inTransaction(first, handle -> {
      LocalDateTime now = now();
      for (Member m : memberships) {
        if (JdbcMemberRepository.update(handle, m, now) == 0 && !isCurrentMember(handle, m, now)) {
          throw new NotFoundException(m.memberId() + " not found in the member list of the image "
              + m.imageId() + ".");
        }
      }
      for (DomainAnswer a : answers) {
        answer(handle, a, now);
      }
      return null;
    });
  }

  private static boolean isCurrentMember(Handle handle, Member m, LocalDateTime now) {
    return handle.createQuery("SELECT COUNT(*) FROM image_members m WHERE m.image_id = ? AND m.member = ?"
            + " AND" + JdbcMemberRepository.CURRENT)
        .bind(0, m.imageId()).bind(1, m.memberId()).bind(2, now).mapTo(Integer.class).one() > 0;
  }

  private void answer(Handle handle, DomainAnswer a, LocalDateTime now) {
    if (findShare(handle, a.imageId(), a.domainId(), now).isEmpty()) {
      throw shareNotFound(a.imageId(), a.domainId());
    }
    LocalDateTime when = Timestamps.toDb(a.when());
    int rows = handle.createUpdate("UPDATE image_domain_answers SET status = ?, updated_at = ?"
            + " WHERE image_id = ? AND member = ? AND domain_id = ?")
        .bind(0, a.status().wire()).bind(1, when)
        .bind(2, a.imageId()).bind(3, a.projectId()).bind(4, a.domainId()).execute();
    if (rows > 0 || handle.createQuery("SELECT COUNT(*) FROM image_domain_answers"
            + " WHERE image_id = ? AND member = ? AND domain_id = ?")
        .bind(0, a.imageId()).bind(1, a.projectId()).bind(2, a.domainId()).mapTo(Integer.class).one() > 0) {
      return;
    }
    try {
      handle.createUpdate("INSERT INTO image_domain_answers (image_id, domain_id, member, status,"
              + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
          .bind(0, a.imageId()).bind(1, a.domainId()).bind(2, a.projectId()).bind(3, a.status().wire())
          .bind(4, when).bind(5, when).execute();
    } catch (RuntimeException e) {
      if (SqlErrors.causedBy(e, dialect::isUniqueViolation)) {
        throw new ConflictException("The share of image " + a.imageId() + " with " + a.projectId()
            + " is being answered by another request; try again.", e);
      }
      throw e;
    }
  }

  @Override
  public void removeAll(List<Member> memberships, List<DomainShare> domainShares, Instant when) {
    String first = !memberships.isEmpty() ? memberships.get(0).imageId()
        : !domainShares.isEmpty() ? domainShares.get(0).imageId() : null;
    if (first == null) {
      return;
    }
    transactions.inTransaction(first, handle -> {
      LocalDateTime now = now();
      LocalDateTime at = Timestamps.toDb(when);
      for (Member m : memberships) {
        int rows = handle.createUpdate("UPDATE image_members SET deleted = TRUE, deleted_at = ?, updated_at = ?"
                + " WHERE image_id = ? AND member = ? AND deleted = FALSE"
                + " AND (expires_at IS NULL OR expires_at > ?)")
            .bind(0, at).bind(1, at).bind(2, m.imageId()).bind(3, m.memberId()).bind(4, now).execute();
        if (rows == 0) {
          throw new NotFoundException(m.memberId() + " not found in the member list of the image "
              + m.imageId() + ".");
        }
      }
      for (DomainShare s : domainShares) {
        if (findShare(handle, s.imageId(), s.domainId(), now).isEmpty()) {
          throw shareNotFound(s.imageId(), s.domainId());
        }
        deleteShare(handle, s.imageId(), s.domainId());
      }
      return null;
    });
  }

  // --- the inbox ----------------------------------------------------------------------------------

  @Override
  public List<SharedWithMe> inbox(String projectId, String domainId, MemberStatus status,
      SharedWithMe after, int limit) {
    SqlBuilder sql = InboxSql.page(projectId, domainId, now(), status, after, limit);
    return jdbi.withHandle(handle -> sql.bind(handle.createQuery(sql.text()))
        .map((rs, ctx) -> mapInbox(rs)).list());
  }

  @Override
  public Optional<SharedWithMe> inboxEntry(String projectId, String domainId, String imageId) {
    SqlBuilder sql = InboxSql.select(InboxSql.COLUMNS, projectId, domainId, now())
        .sql(" AND x.image_id = ").param(imageId);
    return jdbi.withHandle(handle -> sql.bind(handle.createQuery(sql.text()))
        .map((rs, ctx) -> mapInbox(rs)).findOne());
  }

  @Override
  public Map<MemberStatus, Integer> inboxCounts(String projectId, String domainId) {
    SqlBuilder sql = InboxSql.select("x.status, COUNT(*) AS n", projectId, domainId, now())
        .sql(" GROUP BY x.status");
    Map<MemberStatus, Integer> counts = new EnumMap<>(MemberStatus.class);
    for (MemberStatus s : MemberStatus.values()) {
      counts.put(s, 0);
    }
    jdbi.useHandle(handle -> sql.bind(handle.createQuery(sql.text()))
        .map((rs, ctx) -> Map.entry(status(rs, "status"), rs.getInt("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  // --- expiry ------------------------------------------------------------------------------------

  @Override
  public List<Member> expiredMembers(Instant now, int limit) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT m.image_id, m.member, m.status, m.can_share, m.created_at, m.updated_at,"
            + " m.expires_at FROM image_members m WHERE m.deleted = FALSE AND m.expires_at <= ?"
            + " ORDER BY m.expires_at, m.id LIMIT " + limit)
        .bind(0, Timestamps.toDb(now))
        .map((rs, ctx) -> JdbcMemberRepository.map(rs)).list());
  }

  @Override
  public List<DomainShare> expiredDomainShares(Instant now, int limit) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT " + SHARE_COLUMNS + " FROM image_domain_shares d WHERE d.expires_at <= ?"
            + " ORDER BY d.expires_at, d.id LIMIT " + limit)
        .bind(0, Timestamps.toDb(now))
        .map((rs, ctx) -> mapShare(rs)).list());
  }

  @Override
  public boolean removeExpired(Member member, Instant when) {
    if (member.expiresAt() == null) {
      return false;
    }
    return jdbi.withHandle(handle -> handle
        .createUpdate("UPDATE image_members SET deleted = TRUE, deleted_at = ?, updated_at = ?"
            + " WHERE image_id = ? AND member = ? AND deleted = FALSE AND expires_at = ? AND expires_at <= ?")
        .bind(0, Timestamps.toDb(when)).bind(1, Timestamps.toDb(when))
        .bind(2, member.imageId()).bind(3, member.memberId())
        .bind(4, Timestamps.toDb(member.expiresAt())).bind(5, Timestamps.toDb(when))
        .execute()) > 0;
  }

  @Override
  public boolean removeExpired(DomainShare share) {
    if (share.expiresAt() == null) {
      return false;
    }
    return transactions.inTransaction(share.imageId(), handle -> {
      int rows = handle.createUpdate("DELETE FROM image_domain_shares"
              + " WHERE image_id = ? AND domain_id = ? AND expires_at = ?")
          .bind(0, share.imageId()).bind(1, share.domainId())
          .bind(2, Timestamps.toDb(share.expiresAt())).execute();
      if (rows > 0) {
        handle.createUpdate("DELETE FROM image_domain_answers WHERE image_id = ? AND domain_id = ?")
            .bind(0, share.imageId()).bind(1, share.domainId()).execute();
      }
      return rows > 0;
    });
  }

  // --- rows ----------------------------------------------------------------------------------------

  private static DomainShare mapShare(ResultSet rs) throws SQLException {
    return new DomainShare(rs.getString("image_id"), rs.getString("domain_id"),
        Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
        Timestamps.read(rs, "expires_at"));
  }

  private static Trust mapTrust(ResultSet rs) throws SQLException {
    return new Trust(rs.getString("consumer"), rs.getString("producer"), Timestamps.read(rs, "created_at"));
  }

  private static SharedWithMe mapInbox(ResultSet rs) throws SQLException {
    return new SharedWithMe(rs.getString("image_id"), rs.getString("image_name"),
        rs.getString("producer"), status(rs, "status"), rs.getString("domain_id"),
        Timestamps.read(rs, "shared_at"), Timestamps.read(rs, "updated_at"),
        Timestamps.read(rs, "expires_at"));
  }

  private static MemberStatus status(ResultSet rs, String column) throws SQLException {
    return MemberStatus.parse(rs.getString(column)).orElseThrow();
  }

  private static NotFoundException shareNotFound(String imageId, String domainId) {
    return new NotFoundException("Domain " + domainId + " not found among the domains image "
        + imageId + " is shared with.");
  }
}
