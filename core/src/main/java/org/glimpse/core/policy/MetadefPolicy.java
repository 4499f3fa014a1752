package org.glimpse.core.policy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.Namespace;

/**
 * Who may do what with the metadata definitions catalog: one method per check, on targets built
 * as Glance builds them ({@code project_id} the namespace's owner, {@code visibility} its
 * visibility; for checks not about one namespace, the caller's own project), plus the visibility
 * rule Glance hard-codes in its database layer. A namespace the caller may not see is not found
 * (404), never forbidden; so is one on which a check fails while {@code get_metadef_namespace}
 * also fails.
 */
public final class MetadefPolicy {
  private final Policy rules;

  public MetadefPolicy(Policy rules) {
    this.rules = rules;
  }

  /**
   * Glance's visibility rule for namespaces: admins see all; namespaces with no owner and public
   * ones are seen by everyone; a private one by its owner.
   */
  public boolean canSee(RequestContext ctx, Namespace ns) {
    if (ctx.isAdmin() || ns.owner() == null || ns.isPublic()) {
      return true;
    }
    return ctx.owner() != null && ctx.owner().equals(ns.owner());
  }

  /** A check about the catalog as a whole (listing, creating): the caller's project is the target. */
  public void enforce(PolicyAction action, RequestContext ctx) {
    Map<String, String> target = new HashMap<>();
    if (ctx.projectId() != null) {
      target.put("project_id", ctx.projectId());
    }
    rules.enforce(action.rule(), ctx, target);
  }

  /** A check on one namespace the caller sees: Forbidden, or NotFound if it may not even get it. */
  public void enforce(PolicyAction action, RequestContext ctx, Namespace ns) {
    Map<String, String> target = target(ns);
    if (rules.allows(action.rule(), ctx, target)) {
      return;
    }
    if (action == PolicyAction.GET_METADEF_NAMESPACE
        || !rules.allows(PolicyAction.GET_METADEF_NAMESPACE.rule(), ctx, target)) {
      throw notFound(ns.name(), action);
    }
    rules.enforce(action.rule(), ctx, target);
  }

  /** Whether the caller may get the namespace (filters listings, as Glance does). */
  public boolean mayGet(RequestContext ctx, Namespace ns) {
    return canSee(ctx, ns) && rules.allows(PolicyAction.GET_METADEF_NAMESPACE.rule(), ctx, target(ns));
  }

  public static NotFoundException notFound(String namespace) {
    return new NotFoundException("Metadata definition namespace=" + namespace + " was not found.");
  }

  /** The actions whose calls say a namespace is missing in the words of Glance's repository. */
  private static final Set<PolicyAction> REPOSITORY_WORDING = EnumSet.of(
      PolicyAction.GET_METADEF_NAMESPACE, PolicyAction.GET_METADEF_OBJECTS, PolicyAction.GET_METADEF_OBJECT,
      PolicyAction.ADD_METADEF_OBJECT, PolicyAction.MODIFY_METADEF_OBJECT, PolicyAction.DELETE_METADEF_OBJECT);

  /**
   * A namespace missing (or not visible) for a call of this action, worded as Glance words it
   * there: its namespace and object calls repeat the repository's message, the other calls
   * (properties, tags, resource types, namespace updates and deletes) say it their own way.
   */
  public static NotFoundException notFound(String namespace, PolicyAction action) {
    return REPOSITORY_WORDING.contains(action)
        ? notFound(namespace) : new NotFoundException("Namespace " + namespace + " not found");
  }

  private static Map<String, String> target(Namespace ns) {
    Map<String, String> t = new HashMap<>();
    if (ns.owner() != null) {
      t.put("project_id", ns.owner());
    }
    t.put("visibility", ns.visibility());
    return t;
  }
}
