package org.glimpse.server.sharing;

import io.javalin.http.HandlerType;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.service.SharingService;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.Routes;

/**
 * Glimpse's sharing extensions and the routes that reach them: IMS's batch member API under
 * {@code /v1/cloudimages/members}, everything else under {@code /v2/glimpse/} — paths a Glance
 * client never calls, so Glance's own API stays exactly as it is.
 */
public final class SharingApi {
  private final BatchMembersResource batch;
  private final DomainSharesResource domains;
  private final TrustedProducersResource trusts;
  private final InboxResource inbox;
  private final InfoResource info;
  private final ImagePolicy policy;

  public SharingApi(SharingService sharing, ImagePolicy policy, boolean validateMemberProject, int memberQuota) {
    this.batch = new BatchMembersResource(sharing);
    this.domains = new DomainSharesResource(sharing);
    this.trusts = new TrustedProducersResource(sharing);
    this.inbox = new InboxResource(sharing);
    this.info = new InfoResource(validateMemberProject, memberQuota);
    this.policy = policy;
  }

  public void register(Routes routes) {
    // /v2 requires an identity already; the IMS path is outside it, and every call there writes
    routes.before("/v1/cloudimages/", ctx -> policy.requireAuthenticated(NoAuthContext.of(ctx), false, true));
    routes.path("/v1/cloudimages/members")
        .on(HandlerType.POST, batch::add)
        .on(HandlerType.PUT, batch::answer)
        .on(HandlerType.DELETE, batch::remove).register();
    routes.path("/v2/glimpse/info").on(HandlerType.GET, info::info).register();
    routes.path("/v2/glimpse/schemas/{name}").on(HandlerType.GET, info::schema).register();
    routes.path("/v2/glimpse/inbox").on(HandlerType.GET, inbox::show).register();
    routes.path("/v2/glimpse/images/{image_id}/domains")
        .on(HandlerType.GET, domains::list)
        .on(HandlerType.POST, domains::create).register();
    routes.path("/v2/glimpse/images/{image_id}/domains/{domain_id}")
        .on(HandlerType.GET, domains::show)
        .on(HandlerType.PATCH, domains::update)
        .on(HandlerType.DELETE, domains::delete).register();
    routes.path("/v2/glimpse/projects/{project_id}/trusted-producers")
        .on(HandlerType.GET, trusts::list).register();
    routes.path("/v2/glimpse/projects/{project_id}/trusted-producers/{producer_id}")
        .on(HandlerType.PUT, trusts::put)
        .on(HandlerType.DELETE, trusts::delete).register();
  }
}
