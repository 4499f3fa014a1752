package org.glimpse.core.policy;

import java.util.Map;
import org.glimpse.core.RequestContext;

/** One policy decision in progress: who asks, about what, against which rule set. */
record Evaluation(RequestContext ctx, Map<String, String> target, Map<String, Check> rules) {

  Check rule(String name) {
    return rules.get(name);
  }

  /**
   * A target value, or null when absent. As Glance's ImageTarget does, {@code project_id} falls
   * back to the image's {@code owner}.
   */
  String targetValue(String key) {
    String value = target.get(key);
    if (value == null && key.equals("project_id")) {
      value = target.get("owner");
    }
    return value;
  }
}
