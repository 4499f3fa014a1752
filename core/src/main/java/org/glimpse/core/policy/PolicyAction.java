package org.glimpse.core.policy;

/**
 * Every policy action Glimpse checks, by Glance's rule name, v1 and v2 alike. The set is closed:
 * a check names one of these, and the rules in force must define each of them (Glance's defaults
 * do), so a typo can never fall through to some other rule.
 */
public enum PolicyAction {
  ADD_IMAGE("add_image"),
  GET_IMAGE("get_image"),
  GET_IMAGES("get_images"),
  MODIFY_IMAGE("modify_image"),
  DELETE_IMAGE("delete_image"),
  PUBLICIZE_IMAGE("publicize_image"),
  COMMUNITIZE_IMAGE("communitize_image"),
  DOWNLOAD_IMAGE("download_image"),
  UPLOAD_IMAGE("upload_image"),
  DEACTIVATE("deactivate"),
  REACTIVATE("reactivate"),
  SET_IMAGE_LOCATION("set_image_location"),
  GET_MEMBERS("get_members"),
  GET_MEMBER("get_member"),
  ADD_MEMBER("add_member"),
  MODIFY_MEMBER("modify_member"),
  DELETE_MEMBER("delete_member"),
  /** Glance's older cache management middleware (/v2/cached_images, /v2/queued_images). */
  MANAGE_IMAGE_CACHE("manage_image_cache"),
  /** The image cache API (/v2/cache): queue an image for caching. */
  CACHE_IMAGE("cache_image"),
  /** List what is cached and queued. */
  CACHE_LIST("cache_list"),
  /** Remove images from the cache and the queue. */
  CACHE_DELETE("cache_delete"),
  /** Remove invalid and stalled cache entries (current Glance, v2.18). */
  CACHE_CLEAN("cache_clean"),
  /** Prune the cache to its maximum size (current Glance, v2.18). */
  CACHE_PRUNE("cache_prune"),
  /** v1 only: creating an image from a URL copied in the background. */
  COPY_FROM("copy_from");

  private final String rule;

  PolicyAction(String rule) {
    this.rule = rule;
  }

  /** The rule name, as in Glance's policy files. */
  public String rule() {
    return rule;
  }
}
