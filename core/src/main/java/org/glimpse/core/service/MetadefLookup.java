package org.glimpse.core.service;

import org.glimpse.core.RequestContext;
import org.glimpse.core.metadef.Namespace;
import org.glimpse.core.policy.MetadefPolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.port.MetadefRepository;

/** Loads a namespace the caller may see and checks one action on it (404 when it may not see it). */
final class MetadefLookup {
  private final MetadefRepository repository;
  private final MetadefPolicy policy;

  MetadefLookup(MetadefRepository repository, MetadefPolicy policy) {
    this.repository = repository;
    this.policy = policy;
  }

  Namespace visible(RequestContext ctx, String name) {
    Namespace ns = repository.findNamespace(name).orElseThrow(() -> MetadefPolicy.notFound(name));
    if (!policy.canSee(ctx, ns)) {
      throw MetadefPolicy.notFound(name);
    }
    return ns;
  }

  Namespace load(RequestContext ctx, String name, PolicyAction action) {
    Namespace ns = repository.findNamespace(name)
        .filter(found -> policy.canSee(ctx, found))
        .orElseThrow(() -> MetadefPolicy.notFound(name, action));
    policy.enforce(action, ctx, ns);
    return ns;
  }
}
