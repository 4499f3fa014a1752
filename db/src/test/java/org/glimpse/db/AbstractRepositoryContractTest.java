package org.glimpse.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;
import org.glimpse.core.port.SharingRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The repository contract, run against one database per subclass. The test bodies live in the
 * contract interfaces; a subclass only says how to open (and drop) a fresh database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRepositoryContractTest
    implements ImageCrudContract, ImageUpdateContract, StorageUsageContract, ListingFilterContract,
        VisibilityContract, PaginationContract, MemberContract, DelayedDeleteContract,
        ConcurrentChangeContract, UploadLeaseContract, MetadefContract, NotificationOutboxContract,
        SharingContract, ImageLocationContract {

  private Database database;
  /** Why the database is missing, when its server is unreachable and not required. */
  private String skipReason;

  /** A database with no Glimpse tables yet; skips the tests when its server is unreachable. */
  protected abstract Database openDatabase();

  /** Removes what {@link #openDatabase} created (even if it then failed); the pool is closed. */
  protected void dropDatabase() {}

  @BeforeAll
  void open() {
    try {
      database = openDatabase();
    } catch (TestAbortedException e) {
      // aborting here would hide the reason (surefire reports "0 tests"): skip each test instead
      skipReason = e.getMessage();
      System.err.println(getClass().getSimpleName() + ": " + skipReason);
    }
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
    dropDatabase();
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String table :
          new String[] {"image_domain_answers", "image_domain_shares", "trusted_producers",
              "image_members", "image_tags", "image_properties", "image_locations", "images",
              "metadef_namespace_resource_types", "metadef_tags", "metadef_properties",
              "metadef_objects", "metadef_namespaces", "metadef_resource_types", "notification_outbox"}) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    }
  }

  @Override
  public ImageRepository images() {
    return database.images();
  }

  @Override
  public MemberRepository members() {
    return database.members();
  }

  @Override
  public org.glimpse.core.port.MetadefRepository metadefs() {
    return database.metadefs();
  }

  @Override
  public NotificationOutbox outbox() {
    return database.outbox();
  }

  @Override
  public SharingRepository sharing() {
    return database.sharing();
  }

  @Override
  public DataSource dataSource() {
    return database.dataSource();
  }
}
