package org.glimpse.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;

/**
 * The one JSON mapper, and request-body parsing with client-facing errors. Every JSON request
 * body is read here, and what no value may hold is refused here, whatever the field: a NUL
 * character or a lone surrogate (text no database stores as sent) in a string or a member name,
 * and a number too large for a double (which Jackson would turn into an infinity).
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Largest JSON request body accepted (image metadata, patches, members). */
  public static final int MAX_BODY = 1 << 20;

  private Json() {}

  /** The request body as JSON; BadRequest when it is missing or malformed. */
  public static JsonNode body(Context ctx) {
    JsonNode body = optionalBody(ctx);
    if (body == null) {
      throw new BadRequestException("Body expected in request.");
    }
    return body;
  }

  /** The request body as JSON, or null when there is none; BadRequest when it is malformed. */
  public static JsonNode optionalBody(Context ctx) {
    byte[] bytes = readLimited(ctx);
    if (bytes.length == 0) {
      return null;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("Malformed JSON in request body.");
    } catch (IOException e) {
      throw new BadRequestException("Could not read the request body.");
    }
    if (node == null || node.isMissingNode()) {
      return null;
    }
    checkValues(node);
    return node;
  }

  /**
   * Refuses what no value of a request may hold (see the class comment). The walk needs no
   * recursion limit of its own: the parser refuses documents nested deeper than its limit.
   */
  static void checkValues(JsonNode node) {
    if (node.isTextual()) {
      checkText(node.textValue(), "a string");
    } else if (node.isDouble() || node.isFloat()) {
      if (!Double.isFinite(node.doubleValue())) {
        throw new BadRequestException("A number in the request body is too large.");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        checkText(member.getKey(), "a member name");
        checkValues(member.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(Json::checkValues);
    }
  }

  private static void checkText(String text, String where) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        throw new BadRequestException("The request body holds a NUL character (\\u0000) in " + where
            + "; NUL is not allowed in any value.");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw new BadRequestException("The request body holds a lone surrogate (\\u" + Integer.toHexString(c)
              + ") in " + where + ", which is not a Unicode character.");
        }
      }
    }
  }

  public static void write(Context ctx, int status, Object body) {
    write(ctx, status, g -> g.writeObject(body));
  }

  /** A response body written token by token, without building a tree first. */
  @FunctionalInterface
  public interface Body {
    void writeTo(JsonGenerator g) throws IOException;
  }

  public static void write(Context ctx, int status, Body body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ByteArrayBuilder bytes = new ByteArrayBuilder(2048);
    try (JsonGenerator g = MAPPER.createGenerator(bytes)) {
      body.writeTo(g);
    } catch (IOException e) {
      throw new IllegalStateException("response not serializable", e);
    }
    ctx.result(bytes.toByteArray());
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
