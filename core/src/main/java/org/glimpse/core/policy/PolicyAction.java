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
  GET_IMAGE_LOCATION("get_image_location"),
  DELETE_IMAGE_LOCATION("delete_image_location"),
  /** The location API (v2.17): POST /v2/images/{id}/locations. */
  ADD_IMAGE_LOCATION("add_image_location"),
  /** The location API (v2.17): GET /v2/images/{id}/locations. */
  FETCH_IMAGE_LOCATION("fetch_image_location"),
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
  GET_TASK("get_task"),
  GET_TASKS("get_tasks"),
  ADD_TASK("add_task"),
  TASKS_API_ACCESS("tasks_api_access"),
  /** v1 only: creating an image from a URL copied in the background. */
  COPY_FROM("copy_from"),
  // metadata definitions (/v2/metadefs), Glance's glance/policies/metadef.py
  GET_METADEF_NAMESPACE("get_metadef_namespace"),
  GET_METADEF_NAMESPACES("get_metadef_namespaces"),
  MODIFY_METADEF_NAMESPACE("modify_metadef_namespace"),
  ADD_METADEF_NAMESPACE("add_metadef_namespace"),
  DELETE_METADEF_NAMESPACE("delete_metadef_namespace"),
  GET_METADEF_OBJECT("get_metadef_object"),
  GET_METADEF_OBJECTS("get_metadef_objects"),
  MODIFY_METADEF_OBJECT("modify_metadef_object"),
  ADD_METADEF_OBJECT("add_metadef_object"),
  DELETE_METADEF_OBJECT("delete_metadef_object"),
  LIST_METADEF_RESOURCE_TYPES("list_metadef_resource_types"),
  GET_METADEF_RESOURCE_TYPE("get_metadef_resource_type"),
  ADD_METADEF_RESOURCE_TYPE_ASSOCIATION("add_metadef_resource_type_association"),
  REMOVE_METADEF_RESOURCE_TYPE_ASSOCIATION("remove_metadef_resource_type_association"),
  GET_METADEF_PROPERTY("get_metadef_property"),
  GET_METADEF_PROPERTIES("get_metadef_properties"),
  MODIFY_METADEF_PROPERTY("modify_metadef_property"),
  ADD_METADEF_PROPERTY("add_metadef_property"),
  REMOVE_METADEF_PROPERTY("remove_metadef_property"),
  GET_METADEF_TAG("get_metadef_tag"),
  GET_METADEF_TAGS("get_metadef_tags"),
  MODIFY_METADEF_TAG("modify_metadef_tag"),
  ADD_METADEF_TAG("add_metadef_tag"),
  ADD_METADEF_TAGS("add_metadef_tags"),
  DELETE_METADEF_TAG("delete_metadef_tag"),
  DELETE_METADEF_TAGS("delete_metadef_tags"),
  /** Multi-store: copying an active image's data into more stores (the copy-image import). */
  COPY_IMAGE("copy_image"),
  /** Multi-store: the details of every store (GET /v2/info/stores/detail). */
  STORES_INFO_DETAIL("stores_info_detail"),
  /**
   * Glimpse: a consumer project's list of trusted producers (whose shares arrive accepted); the
   * target's project_id is the consumer.
   */
  MANAGE_TRUSTED_PRODUCERS("manage_trusted_producers");

  private final String rule;

  PolicyAction(String rule) {
    this.rule = rule;
  }

  /** The rule name, as in Glance's policy files. */
  public String rule() {
    return rule;
  }
}
