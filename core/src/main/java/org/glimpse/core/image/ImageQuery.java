package org.glimpse.core.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glimpse.core.error.BadRequestException;

/**
 * One listing request in domain terms: who is looking, what they filter on, how the page is
 * ordered and where it starts. Built by the API layers, answered by {@code
 * ImageRepository.list} as one query.
 */
public final class ImageQuery {
  /**
   * Most tags one listing may require. Each tag (and each custom property) is one more condition
   * the database must plan and check, and planning many of them grows much faster than their
   * number (on PostgreSQL, 100 tags took seconds before any row was read). Glance sets no such
   * limit; an image holds at most image_tag_quota (128) tags, and real filters name a few.
   */
  public static final int MAX_TAG_FILTERS = 20;
  /** Most custom properties one listing may filter on, for the same reason as tags. */
  public static final int MAX_PROPERTY_FILTERS = 20;
  /** Most sort keys one listing may give: there are eight keys to sort on. */
  public static final int MAX_SORT_KEYS = 8;

  /** Which visibility the caller asked for; {@code null} fields mean "not filtered". */
  public enum VisibilityFilter { DEFAULT, PUBLIC, PRIVATE, SHARED, COMMUNITY, ALL }

  /** Comparison operators for time filters ({@code gt:2020-01-01T00:00:00Z}). */
  public enum Op { EQ, NEQ, GT, GTE, LT, LTE }

  public record TimeFilter(String column, Op op, Instant value) {}

  public record Sort(SortKey key, boolean ascending) {}

  /** The caller's project (owner id); null for an anonymous or tenantless caller. */
  public String viewer;
  /**
   * The Keystone domain of the caller's project, or null: images shared with that domain reach
   * the caller as if it were a member (a Glimpse extension).
   */
  public String viewerDomain;
  /** An admin sees every image, whatever its visibility. */
  public boolean viewerIsAdmin;
  public VisibilityFilter visibility = VisibilityFilter.DEFAULT;
  /** Membership status a shared image must have to be listed; null means any status. */
  public MemberStatus memberStatus = MemberStatus.ACCEPTED;
  /**
   * Exact-match filters on name, id, status, container_format, disk_format and owner; a list of
   * several values means "any of these" (the {@code in:} operator).
   */
  public final Map<String, List<String>> attributes = new LinkedHashMap<>();
  public Boolean isProtected;
  /** null lists hidden and unhidden images alike. */
  public Boolean osHidden = Boolean.FALSE;
  public Long sizeMin;
  public Long sizeMax;
  /** Exact min_ram / min_disk to match; null means not filtered. */
  public Integer minRam;
  public Integer minDisk;
  /** Exact size / virtual_size to match (v2 filters on these columns as on any other); null means not filtered. */
  public Long size;
  public Long virtualSize;
  public String checksum;
  public String osHashValue;
  public String osHashAlgo;
  /**
   * True when a filter can match no image at all (a whole-number column asked to equal something
   * that is not a whole number in its range): the listing is empty, as in Glance.
   */
  public boolean matchesNothing;
  public final List<TimeFilter> times = new ArrayList<>();
  /** Every tag listed must be on the image. */
  public final List<String> tags = new ArrayList<>();
  /** Custom properties that must be present with exactly these values. */
  public final Map<String, String> properties = new LinkedHashMap<>();
  /** v1: true lists only public images, false only non-public ones, null both. */
  public Boolean isPublic;
  /** v1 changes-since: include deleted images updated after this instant. */
  public Instant changesSince;
  /** Sort order; the repository appends created_at and id as tie-breakers when missing. */
  public final List<Sort> sort = new ArrayList<>();
  /** The last image of the previous page (already checked visible), or null. */
  public Image marker;
  public int limit = 25;

  /**
   * Refuses a listing that asks for more than any listing may ({@link #MAX_TAG_FILTERS}, {@link
   * #MAX_PROPERTY_FILTERS}, {@link #MAX_SORT_KEYS}), naming the limit.
   */
  public void requireWithinLimits() {
    requireAtMost(tags.size(), MAX_TAG_FILTERS, "tags");
    requireAtMost(properties.size(), MAX_PROPERTY_FILTERS, "properties");
    requireAtMost(sort.size(), MAX_SORT_KEYS, "sort keys");
  }

  private static void requireAtMost(int given, int limit, String what) {
    if (given > limit) {
      throw new BadRequestException("Too many " + what + " in the query: " + given
          + " given, at most " + limit + " allowed.");
    }
  }
}
