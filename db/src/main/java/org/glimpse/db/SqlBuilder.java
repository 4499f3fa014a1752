package org.glimpse.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL text assembled piece by piece, with its positional parameters kept in step. */
final class SqlBuilder {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  SqlBuilder sql(String fragment) {
    text.append(fragment);
    return this;
  }

  /** Appends one placeholder; the value must not be null (its type picks the JDBC binding). */
  SqlBuilder param(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("null parameter in: " + text);
    }
    text.append('?');
    params.add(value);
    return this;
  }

  /** Appends {@code (?, ?, …)} for the values; an empty collection is not allowed. */
  SqlBuilder paramList(Collection<?> values) {
    text.append('(');
    String separator = "";
    for (Object value : values) {
      text.append(separator);
      param(value);
      separator = ", ";
    }
    text.append(')');
    return this;
  }

  /** Appends another builder's text and parameters. */
  SqlBuilder append(SqlBuilder other) {
    text.append(other.text);
    params.addAll(other.params);
    return this;
  }

  String text() {
    return text.toString();
  }

  <S extends SqlStatement<S>> S bind(S statement) {
    for (int i = 0; i < params.size(); i++) {
      statement.bind(i, params.get(i));
    }
    return statement;
  }

  @Override
  public String toString() {
    return text + " " + params;
  }
}
