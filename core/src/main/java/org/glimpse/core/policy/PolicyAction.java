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
  GET_TASK("get_task"),
  GET_TASKS("get_tasks"),
  ADD_TASK("add_task"),
  TASKS_API_ACCESS("tasks_api_access"),
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
