package org.glimpse.core.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.metadef.MetadefObject;
import org.glimpse.core.metadef.MetadefTag;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.metadef.NamespaceContent;
import org.glimpse.core.metadef.NamespaceDetail;
import org.glimpse.core.metadef.NamespaceDraft;
import org.glimpse.core.metadef.NamespaceQuery;
import org.glimpse.core.metadef.ResourceType;
import org.glimpse.core.metadef.ResourceTypeAssociation;
import org.glimpse.core.policy.MetadefPolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.JsonObjects;
import org.glimpse.core.port.MetadefRepository;
import org.glimpse.core.time.ImageClock;

/**
 * Namespaces of the metadata definitions catalog and their resource type associations: each
 * operation loads the namespace as the caller may see it, checks the policy, changes and stamps.
 */
public final class MetadefService {
  private final MetadefRepository repository;
  private final MetadefPolicy policy;
  private final MetadefLookup lookup;
  private final ImageClock clock;
  private final DefinitionCharacters characters;

  public MetadefService(MetadefRepository repository, MetadefPolicy policy, ImageClock clock,
      JsonObjects json) {
    this.repository = repository;
    this.policy = policy;
    this.lookup = new MetadefLookup(repository, policy);
    this.clock = clock;
    this.characters = new DefinitionCharacters(json);
  }

  /** A page of a namespace listing, each namespace with its resource type associations. */
  public record NamespacePage(List<NamespaceDetail> namespaces, boolean full) {}

  /**
   * Lists the namespaces the caller may get.
   *
   * @param marker name of the last namespace of the previous page, or null
   */
  public NamespacePage list(RequestContext ctx, String visibility, List<String> resourceTypes,
      String marker, int limit, String sortKey, boolean ascending) {
    policy.enforce(PolicyAction.GET_METADEF_NAMESPACES, ctx);
    policy.enforce(PolicyAction.LIST_METADEF_RESOURCE_TYPES, ctx);
    if (!NamespaceQuery.SORT_KEYS.contains(sortKey)) {
      throw new BadRequestException("Invalid sort key: " + sortKey + ". It must be one of the"
          + " following: " + String.join(", ", NamespaceQuery.SORT_KEYS.stream().sorted().toList()) + ".");
    }
    Namespace markerNs = marker == null ? null : lookup.visible(ctx, marker);
    List<Namespace> found = repository.listNamespaces(new NamespaceQuery(ctx.isAdmin(), ctx.owner(),
        visibility, resourceTypes, markerNs, limit, sortKey, ascending));
    List<NamespaceDetail> page = new ArrayList<>();
    for (Namespace ns : found) {
      if (policy.mayGet(ctx, ns)) {
        page.add(new NamespaceDetail(ns, new NamespaceContent(repository.listAssociations(ns.name()),
            List.of(), List.of(), List.of())));
      }
    }
    return new NamespacePage(page, !page.isEmpty() && page.size() == limit);
  }

  /** Creates a namespace with the content given along, all or nothing. */
  public NamespaceDetail create(RequestContext ctx, NamespaceDraft draft, NamespaceContent content) {
    policy.enforce(PolicyAction.ADD_METADEF_NAMESPACE, ctx);
    if (!content.associations().isEmpty()) {
      policy.enforce(PolicyAction.ADD_METADEF_RESOURCE_TYPE_ASSOCIATION, ctx);
    }
    if (!content.objects().isEmpty()) {
      policy.enforce(PolicyAction.ADD_METADEF_OBJECT, ctx);
    }
    if (!content.properties().isEmpty()) {
      policy.enforce(PolicyAction.ADD_METADEF_PROPERTY, ctx);
    }
    if (!content.tags().isEmpty()) {
      policy.enforce(PolicyAction.ADD_METADEF_TAG, ctx);
    }
    characters.namespace("Couldn't create metadata namespace", draft, content);
    Instant now = clock.now();
    Namespace ns = fromDraft(ctx, draft, now, now);
    NamespaceContent stamped = stamp(content, now);
    repository.createNamespace(ns, stamped);
    return new NamespaceDetail(ns, stamped);
  }

  /** Loads everything a catalog export writes, for the management command. */
  public NamespaceContent content(String namespace) {
    return repository.content(namespace);
  }

  public NamespaceDetail show(RequestContext ctx, String name) {
    Namespace ns = lookup.load(ctx, name, PolicyAction.GET_METADEF_NAMESPACE);
    policy.enforce(PolicyAction.LIST_METADEF_RESOURCE_TYPES, ctx, ns);
    policy.enforce(PolicyAction.GET_METADEF_OBJECTS, ctx, ns);
    policy.enforce(PolicyAction.GET_METADEF_PROPERTIES, ctx, ns);
    policy.enforce(PolicyAction.GET_METADEF_TAGS, ctx, ns);
    return new NamespaceDetail(ns, repository.content(name));
  }

  /** Replaces the namespace's attributes; what is not given takes Glance's create defaults. */
  public Namespace update(RequestContext ctx, String name, NamespaceDraft draft) {
    Namespace current = lookup.load(ctx, name, PolicyAction.MODIFY_METADEF_NAMESPACE);
    characters.namespace("Couldn't update metadata namespace", draft, null);
    Namespace updated = fromDraft(ctx, draft, current.createdAt(), clock.now());
    return repository.updateNamespace(name, updated);
  }

  public void delete(RequestContext ctx, String name) {
    Namespace ns = lookup.load(ctx, name, PolicyAction.DELETE_METADEF_NAMESPACE);
    requireUnprotected(ns);
    repository.deleteNamespace(name);
  }

  public void deleteObjects(RequestContext ctx, String name) {
    Namespace ns = lookup.load(ctx, name, PolicyAction.DELETE_METADEF_NAMESPACE);
    requireUnprotected(ns);
    repository.deleteObjects(name);
  }

  public void deleteProperties(RequestContext ctx, String name) {
    Namespace ns = lookup.load(ctx, name, PolicyAction.DELETE_METADEF_NAMESPACE);
    requireUnprotected(ns);
    repository.deleteProperties(name);
  }

  public void deleteTags(RequestContext ctx, String name) {
    Namespace ns = lookup.load(ctx, name, PolicyAction.DELETE_METADEF_NAMESPACE);
    policy.enforce(PolicyAction.DELETE_METADEF_TAGS, ctx, ns);
    requireUnprotected(ns);
    repository.deleteTags(name);
  }

  // --- resource types ---------------------------------------------------------------------------

  public List<ResourceType> resourceTypes(RequestContext ctx) {
    policy.enforce(PolicyAction.LIST_METADEF_RESOURCE_TYPES, ctx);
    return repository.listResourceTypes();
  }

  public List<ResourceTypeAssociation> associations(RequestContext ctx, String namespace) {
    lookup.load(ctx, namespace, PolicyAction.GET_METADEF_RESOURCE_TYPE);
    return repository.listAssociations(namespace);
  }

  public ResourceTypeAssociation associate(RequestContext ctx, String namespace,
      ResourceTypeAssociation association) {
    lookup.load(ctx, namespace, PolicyAction.ADD_METADEF_RESOURCE_TYPE_ASSOCIATION);
    Instant now = clock.now();
    ResourceTypeAssociation stamped = new ResourceTypeAssociation(association.name(),
        association.prefix(), association.propertiesTarget(), now, now);
    repository.createAssociation(namespace, stamped);
    return stamped;
  }

  public void dissociate(RequestContext ctx, String namespace, String resourceType) {
    Namespace ns = lookup.load(ctx, namespace, PolicyAction.REMOVE_METADEF_RESOURCE_TYPE_ASSOCIATION);
    boolean associated = repository.listAssociations(namespace).stream()
        .anyMatch(a -> a.name().equals(resourceType));
    if (!associated) {
      throw new NotFoundException("Failed to find resource type " + resourceType + " to delete");
    }
    if (ns.isProtected()) {
      throw new ForbiddenException("Metadata definition resource-type-association " + resourceType
          + " is protected and cannot be deleted.");
    }
    repository.deleteAssociation(namespace, resourceType);
  }

  private static void requireUnprotected(Namespace ns) {
    if (ns.isProtected()) {
      throw new ForbiddenException(
          "Metadata definition namespace " + ns.name() + " is protected and cannot be deleted.");
    }
  }

  private static Namespace fromDraft(RequestContext ctx, NamespaceDraft d, Instant created, Instant updated) {
    if (d.name() == null) {
      throw new BadRequestException("'namespace' is a required property");
    }
    return new Namespace(d.name(), d.displayName(), d.description(),
        d.visibility() == null ? Namespace.PRIVATE : d.visibility(),
        d.isProtected() != null && d.isProtected(),
        d.owner() == null ? ctx.owner() : d.owner(), created, updated);
  }

  private static NamespaceContent stamp(NamespaceContent c, Instant now) {
    return new NamespaceContent(
        c.associations().stream().map(a -> new ResourceTypeAssociation(a.name(), a.prefix(),
            a.propertiesTarget(), now, now)).toList(),
        c.properties(),
        c.objects().stream().map(o -> new MetadefObject(o.name(), o.description(), o.required(),
            o.propertiesJson(), now, now)).toList(),
        c.tags().stream().map(t -> new MetadefTag(t.name(), now, now)).toList());
  }
}
