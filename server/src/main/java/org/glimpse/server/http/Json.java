package org.glimpse.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.error.BadRequestException;

/** The one JSON mapper, and request-body parsing with client-facing errors. */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Largest JSON request body accepted (image metadata, patches, members). */
  public static final int MAX_BODY = 1 << 20;

  private Json() {}

  /** The request body as JSON; BadRequest when it is missing or malformed. */
  public static JsonNode body(Context ctx) {
    byte[] bytes = readLimited(ctx);
    if (bytes.length == 0) {
      throw new BadRequestException("Body expected in request.");
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("Malformed JSON in request body.");
    } catch (IOException e) {
      throw new BadRequestException("Could not read the request body.");
    }
  }

  public static void write(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      ctx.result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable", e);
    }
  }

  private static byte[] readLimited(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY) {
      throw new org.glimpse.core.error.TooLargeException("Request body too large: " + declared + " bytes (limit " + MAX_BODY + ").");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new org.glimpse.core.error.TooLargeException("Request body too large (limit " + MAX_BODY + " bytes).");
      }
      return bytes;
    } catch (IOException e) {
      throw new BadRequestException("Could not read the request body.");
    }
  }
}
