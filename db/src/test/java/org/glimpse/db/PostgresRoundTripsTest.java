package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glimpse.db.TestImages.everything;

import org.glimpse.core.image.ImageQuery;
import org.junit.jupiter.api.Test;

/** Against the PostgreSQL at 127.0.0.1:5432 (user postgres, trust authentication). */
class PostgresRoundTripsTest extends AbstractRoundTripsTest {
  private final ExternalDatabase server = new ExternalDatabase(
      "PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=5", "postgres");

  @Override
  protected Database openDatabase() {
    server.create();
    return Database.open("postgresql+psycopg2://postgres@127.0.0.1:5432/" + server.name);
  }

  @Override
  protected void dropDatabase() {
    server.drop("DROP DATABASE IF EXISTS " + server.name + " WITH (FORCE)");
  }

  /**
   * The page's ids are one array parameter: the children's statement is the same text for a page
   * of any length, so the driver keeps one prepared statement for it.
   */
  @Test
  void theChildrenOfAPageAreOneStatementTextWhateverThePageLength() {
    createListed(30);
    ImageQuery seven = everything();
    seven.limit = 7;

    startCounting();
    assertThat(db.images().list(everything())).hasSize(30);
    assertThat(db.images().list(seven)).hasSize(7);

    assertThat(statements).hasSize(4);
    assertThat(statements.get(3)).isEqualTo(statements.get(1)).contains("= ANY(?)").doesNotContain(" IN ");
  }
}
