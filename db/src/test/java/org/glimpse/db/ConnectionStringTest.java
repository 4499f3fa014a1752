package org.glimpse.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionStringTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      postgresql://glance@127.0.0.1:5432/glance           | jdbc:postgresql://127.0.0.1:5432/glance        | glance | -      | POSTGRESQL
      postgresql+psycopg2://u:p%40ss+w@db.example/glance  | jdbc:postgresql://db.example:5432/glance       | u      | p@ss+w | POSTGRESQL
      postgres://u@[::1]/g?sslmode=require                | jdbc:postgresql://[::1]:5432/g?sslmode=require | u      | -      | POSTGRESQL
      mysql+pymysql://root@127.0.0.1:3306/glance          | jdbc:mariadb://127.0.0.1:3306/glance           | root   | -      | MARIADB
      mysql://glance:secret@db/glance?charset=utf8        | jdbc:mariadb://db:3306/glance                  | glance | secret | MARIADB
      mysql://g@db/glance?charset=utf8&connectTimeout=900 | jdbc:mariadb://db:3306/glance?connectTimeout=900 | g    | -      | MARIADB
      mariadb://root@localhost:3307/images                | jdbc:mariadb://localhost:3307/images           | root   | -      | MARIADB
      jdbc:postgresql://h/db?user=x                       | jdbc:postgresql://h/db?user=x                  | -      | -      | POSTGRESQL
      jdbc:mysql://h:3306/db                              | jdbc:mariadb://h:3306/db                       | -      | -      | MARIADB
      jdbc:mariadb://h:3306/db                            | jdbc:mariadb://h:3306/db                       | -      | -      | MARIADB
      jdbc:h2:mem:x                                       | jdbc:h2:mem:x                                  | -      | -      | H2
      h2:/var/lib/glimpse/db                              | jdbc:h2:file:/var/lib/glimpse/db               | -      | -      | H2
      h2:./data/glimpse                                   | jdbc:h2:file:./data/glimpse                    | -      | -      | H2
      h2:data/glimpse                                     | jdbc:h2:file:./data/glimpse                    | -      | -      | H2
      h2:file:/tmp/x;AUTO_SERVER=TRUE                     | jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE           | -      | -      | H2
      h2:mem:test                                         | jdbc:h2:mem:test;DB_CLOSE_DELAY=-1             | -      | -      | H2
      """)
  void translatesToJdbc(
      String value, String jdbcUrl, String user, String password, Dialect dialect) {
    ConnectionString parsed = ConnectionString.parse(value);
    assertThat(parsed.jdbcUrl()).isEqualTo(jdbcUrl);
    assertThat(parsed.user()).isEqualTo(user);
    assertThat(parsed.password()).isEqualTo(password);
    assertThat(parsed.dialect()).isEqualTo(dialect);
    assertThat(parsed.toString()).doesNotContain("secret");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ''                                  | empty
      sqlite:////var/lib/glance/glance.db | unsupported database 'sqlite'
      oracle://u@h/db                     | unsupported database 'oracle'
      postgresql://u@127.0.0.1:5432/      | names no database
      postgresql:///glance                | names no host
      mysql://u@host:port/db              | names no host
      127.0.0.1:5432/glance               | not a URL
      just-a-word                         | no scheme
      postgresql://bad host/db            | not a URL
      h2:                                 | names no file
      jdbc:sqlserver://h;db=x             | unsupported database URL
      """)
  void rejectsWhatItCannotUse(String value, String problem) {
    assertThatThrownBy(() -> ConnectionString.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }
}
