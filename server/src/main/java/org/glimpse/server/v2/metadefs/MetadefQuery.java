package org.glimpse.server.v2.metadefs;

import io.javalin.http.Context;
import org.glimpse.core.error.BadRequestException;

/** The query parameters of metadef listings, checked as Glance checks them. */
final class MetadefQuery {
  private MetadefQuery() {}

  /** {@code limit}: a non-negative integer, or null when absent. */
  static Integer limit(Context ctx) {
    String value = ctx.queryParam("limit");
    if (value == null) {
      return null;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("limit param must be an integer");
    }
    if (limit < 0) {
      throw new BadRequestException("limit param must be positive");
    }
    return limit;
  }

  /** {@code sort_dir}: asc or desc (default desc); true for asc. */
  static boolean ascending(Context ctx) {
    String dir = ctx.queryParam("sort_dir");
    if (dir == null || dir.equals("desc")) {
      return false;
    }
    if (dir.equals("asc")) {
      return true;
    }
    throw new BadRequestException("Invalid sort direction: " + dir);
  }

  static String sortKey(Context ctx) {
    String key = ctx.queryParam("sort_key");
    return key == null ? "created_at" : key;
  }

  /** {@code visibility}: public or private, or null when absent or empty. */
  static String visibility(Context ctx) {
    String visibility = ctx.queryParam("visibility");
    if (visibility == null || visibility.isEmpty()) {
      return null;
    }
    if (!visibility.equals("public") && !visibility.equals("private")) {
      throw new BadRequestException("Invalid visibility value: " + visibility);
    }
    return visibility;
  }

  /**
   * An object listing's parameters: Glance returns every object whatever they say, but checks a
   * non-empty {@code limit} (a whole number above 0), {@code sort_dir} and {@code visibility}.
   */
  static void checkObjectListing(Context ctx) {
    String limit = ctx.queryParam("limit");
    if (limit != null && !limit.isEmpty() && limit(ctx) == 0) {
      throw new BadRequestException("limit param must be positive");
    }
    ascending(ctx);
    String visibility = ctx.queryParam("visibility");
    if (visibility != null && !visibility.isEmpty() && !visibility.equals("shared")) {
      visibility(ctx);
    }
  }
}
