package org.glimpse.db;

import java.util.UUID;

class H2RepositoryTest extends AbstractRepositoryContractTest {
  @Override
  protected Database openDatabase() {
    return Database.open("h2:mem:" + UUID.randomUUID());
  }
}
