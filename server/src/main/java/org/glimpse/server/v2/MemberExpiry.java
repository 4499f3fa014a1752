package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.glimpse.core.error.BadRequestException;

/**
 * Reads Glimpse's {@code expires_at} from a request body: an ISO 8601 time with a zone ({@code
 * 2030-01-01T00:00:00Z}); null or absent for none.
 */
public final class MemberExpiry {
  private MemberExpiry() {}

  public static Instant read(JsonNode body) {
    JsonNode value = body.get("expires_at");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequestException("expires_at must be a time such as 2030-01-01T00:00:00Z, or null.");
    }
    try {
      return OffsetDateTime.parse(value.textValue()).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException("expires_at must be a time such as 2030-01-01T00:00:00Z, or null; '"
          + value.textValue() + "' is not.");
    }
  }
}
