package org.glimpse.server.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.service.V1ImageService;
import org.glimpse.core.service.V1MemberService;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.http.AcceptHeader;
import org.glimpse.server.http.ErrorMapper;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.Routes;
import org.glimpse.server.versions.VersionsResource;

/**
 * The Images API v1: its two services (over the same repositories as v2), its resources and its
 * routes. v1 is reached by the prefixes /v1, /v1.0 and /v1.1, or without a prefix by the Accept
 * media type {@code application/vnd.openstack.images-v1[.0|.1]}. Every path answers every method,
 * with v1's 405s and Allow headers; errors go to the one {@link ErrorMapper}.
 */
public final class V1Api {
  private static final List<String> PREFIXES = List.of("/v1", "/v1.0", "/v1.1");
  private static final Set<String> MEDIA_TYPES = Set.of("application/vnd.openstack.images-v1",
      "application/vnd.openstack.images-v1.0", "application/vnd.openstack.images-v1.1");
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD,
      HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);
  private static final String NOT_FOUND = "The resource could not be found.";

  private final V1ImagesResource images;
  private final V1MembersResource members;
  private final VersionsResource versions;
  private final String publicEndpoint;
  private final boolean allowAnonymous;
  private final ImagePolicy policy;

  public V1Api(V1ImageService imageService, V1MemberService memberService, ImagePolicy policy,
      VersionsResource versions, GlimpseConfig config) {
    GlimpseConfig.DefaultSection d = config.defaultSection();
    this.allowAnonymous = d.allowAnonymousAccess();
    this.policy = policy;
    this.images = new V1ImagesResource(imageService, new V1ListParser(d.limitParamDefault(), d.apiLimitMax()));
    this.members = new V1MembersResource(memberService);
    this.versions = versions;
    this.publicEndpoint = d.publicEndpoint().orElse(null);
  }

  public void register(Routes routes) {
    for (String prefix : PREFIXES) {
      Map<HandlerType, Handler> root = new EnumMap<>(HandlerType.class);
      for (HandlerType method : METHODS) {
        root.put(method, ctx -> root(ctx, prefix));
      }
      add(routes, prefix, root);
      resources(routes, prefix, false);
    }
    resources(routes, "", true);
  }

  private void resources(Routes routes, String prefix, boolean negotiated) {
    add(routes, prefix + "/images/detail", table(negotiated, "GET",
        Map.of(HandlerType.GET, images::detail),
        Map.of(HandlerType.HEAD, "GET", HandlerType.POST, "GET, HEAD")));
    add(routes, prefix + "/images", table(negotiated, "GET, POST",
        Map.of(HandlerType.GET, images::index, HandlerType.POST, images::create), Map.of()));
    add(routes, prefix + "/images/{image_id}", table(negotiated, "GET, HEAD, PUT, DELETE",
        Map.of(HandlerType.GET, images::download, HandlerType.HEAD, images::head,
            HandlerType.PUT, images::update, HandlerType.DELETE, images::delete), Map.of()));
    add(routes, prefix + "/images/{image_id}/members", table(negotiated, "GET, PUT",
        Map.of(HandlerType.GET, members::list, HandlerType.PUT, members::replace), Map.of()));
    add(routes, prefix + "/images/{image_id}/members/{member_id}", table(negotiated, "GET, PUT, DELETE",
        Map.of(HandlerType.PUT, members::put, HandlerType.DELETE, members::delete),
        Map.of(HandlerType.GET, "")));
    Map<HandlerType, Handler> shared = new EnumMap<>(HandlerType.class);
    for (HandlerType method : METHODS) {
      shared.put(method, guard(negotiated, members::shared));
    }
    add(routes, prefix + "/shared-images/{member_id}", shared);
  }

  /**
   * Handlers for every method of one path: the given ones, and 405 for the rest with {@code allow}
   * as Allow header unless {@code allowFor} names another value for that method ("" for none).
   */
  private Map<HandlerType, Handler> table(boolean negotiated, String allow, Map<HandlerType, Handler> handlers,
      Map<HandlerType, String> allowFor) {
    Map<HandlerType, Handler> all = new EnumMap<>(HandlerType.class);
    for (HandlerType method : METHODS) {
      Handler h = handlers.get(method);
      String allowed = allowFor.getOrDefault(method, allow);
      all.put(method, h != null ? guard(negotiated, h) : negotiate(negotiated, ctx -> {
        if (!allowed.isEmpty()) {
          ctx.header("Allow", allowed);
        }
        ErrorMapper.render(ctx, 405, "The method " + ctx.method().name() + " is not allowed for this resource.");
      }));
    }
    return all;
  }

  private static void add(Routes routes, String path, Map<HandlerType, Handler> handlers) {
    Routes.PathBuilder builder = routes.path(path);
    handlers.forEach(builder::on);
    builder.register();
  }

  /** /v1 redirects to /v1/; /v1/ is the image index. */
  private void root(Context ctx, String prefix) throws Exception {
    if (ctx.path().endsWith("/")) {
      guard(false, images::index).handle(ctx);
      return;
    }
    String base = publicEndpoint != null ? publicEndpoint.replaceAll("/+$", "") : VersionsResource.baseUrl(ctx);
    ctx.header("Location", base + prefix + "/");
    ctx.status(302);
  }

  /** Runs a v1 call: negotiated, no stray trailing slash, an identified caller. */
  private Handler guard(boolean negotiated, Handler handler) {
    return negotiate(negotiated, ctx -> {
      String method = ctx.method().name();
      policy.requireAuthenticated(NoAuthContext.of(ctx), allowAnonymous,
          !method.equals("GET") && !method.equals("HEAD"));
      handler.handle(ctx);
    });
  }

  private Handler negotiate(boolean negotiated, Handler handler) {
    return ctx -> {
      ErrorMapper.markV1(ctx);
      if (negotiated && !acceptsV1(ctx.header("Accept"))) {
        versions.multipleChoices(ctx);
        return;
      }
      if (ctx.path().endsWith("/") && !isRoot(ctx.path())) {
        ErrorMapper.render(ctx, 404, NOT_FOUND);
        return;
      }
      handler.handle(ctx);
    };
  }

  private static boolean isRoot(String path) {
    return PREFIXES.stream().anyMatch(p -> path.equals(p + "/"));
  }

  /** Whether an element of the Accept header names a v1 media type (malformed elements never do). */
  private static boolean acceptsV1(String accept) {
    return AcceptHeader.parse(accept).stream().anyMatch(range -> MEDIA_TYPES.contains(range.mediaType()));
  }
}
