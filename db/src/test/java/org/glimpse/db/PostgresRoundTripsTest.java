package org.glimpse.db;

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
}
