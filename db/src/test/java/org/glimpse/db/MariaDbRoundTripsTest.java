package org.glimpse.db;

/** Against the MariaDB at 127.0.0.1:3306 (user root, no password). */
class MariaDbRoundTripsTest extends AbstractRoundTripsTest {
  private final ExternalDatabase server = new ExternalDatabase(
      "MariaDB", "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=5000", "root");

  @Override
  protected Database openDatabase() {
    server.create();
    return Database.open("mysql+pymysql://root@127.0.0.1:3306/" + server.name + "?charset=utf8");
  }

  @Override
  protected void dropDatabase() {
    server.drop("DROP DATABASE IF EXISTS " + server.name);
  }
}
