package org.glimpse.server.v2;

import io.javalin.http.HandlerType;
import java.util.List;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.service.CacheService;
import org.glimpse.core.service.ImageDataService;
import org.glimpse.core.service.ImageService;
import org.glimpse.core.service.Imports;
import org.glimpse.core.service.MemberService;
import org.glimpse.core.service.UsageService;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.Routes;
import org.glimpse.server.versions.VersionsResource;

/** The Images API v2: its resources and the routes that reach them. */
public final class V2Api {
  private final ImagesResource images;
  private final ImageDataResource data;
  private final MembersResource members;
  private final V2Schemas schemas;
  private final CacheResource cache;
  private final ImportResource imports;
  private final TasksResource tasks;
  private final UsageResource usage;
  private final StoresResource stores;
  private final LocationsResource locations;
  private final String publicEndpoint;

  /**
   * @param cacheService the cache API's service, or null to serve no /v2/cache routes
   * @param importServices image import, staging and tasks
   * @param usageService the caller's quota usage
   * @param multiStore the backends in multi-store mode, else {@link MultiStore#NONE}
   * @param policy checks the multi-store calls
   */
  public V2Api(ImageService imageService, ImageDataService dataService, MemberService memberService,
      CacheService cacheService, Imports importServices, UsageService usageService, GlimpseConfig config,
      MultiStore multiStore, ImagePolicy policy) {
    this.stores = new StoresResource(multiStore, imageService, policy);
    GlimpseConfig.DefaultSection d = config.defaultSection();
    this.schemas = new V2Schemas(config.imageFormat().diskFormats(), config.imageFormat().containerFormats());
    ImageView view = new ImageView(d.showImageDirectUrl(), d.showMultipleLocations(), multiStore);
    this.images = new ImagesResource(imageService, view, new SchemaValidator("image", schemas.image()),
        d.limitParamDefault(), d.apiLimitMax(), importServices.imports().enabledMethods(), multiStore);
    this.data = new ImageDataResource(dataService, multiStore.on());
    this.members = new MembersResource(memberService);
    this.cache = cacheService == null ? null : new CacheResource(cacheService);
    this.imports = new ImportResource(importServices.stager(), importServices.imports(), multiStore);
    this.tasks = new TasksResource(importServices.tasks(), d.limitParamDefault(), d.apiLimitMax(),
        importServices.legacy(), new ImageCreateParser(new SchemaValidator("image", schemas.image())));
    this.usage = new UsageResource(usageService);
    this.locations = new LocationsResource(importServices.locations());
    this.publicEndpoint = d.publicEndpoint().orElse(null);
  }

  public void register(Routes routes) {
    // as Glance's router: a path with a trailing slash (an empty last segment) names nothing
    routes.before("/v2/", ctx -> {
      if (ctx.path().endsWith("/")) {
        throw new NotFoundException("The resource could not be found.");
      }
    });
    // the version's own path, whatever the method, sends the client to its root (which, like
    // Glance's, names nothing), after authentication as there
    for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
        HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
      routes.add(method, "/v2", ctx -> {
        String base = publicEndpoint != null ? publicEndpoint.replaceAll("/+$", "") : VersionsResource.baseUrl(ctx);
        ctx.header("Location", base + "/v2/");
        ctx.status(302);
      });
    }
    routes.path("/v2/images")
        .on(HandlerType.GET, images::list)
        .on(HandlerType.POST, images::create).register();
    routes.path("/v2/images/{image_id}")
        .onWithoutBody(HandlerType.GET, images::show)
        .on(HandlerType.PATCH, images::update)
        .onWithoutBody(HandlerType.DELETE, images::delete).register();
    routes.path("/v2/images/{image_id}/actions/deactivate").onWithoutBody(HandlerType.POST, images::deactivate).register();
    routes.path("/v2/images/{image_id}/actions/reactivate").onWithoutBody(HandlerType.POST, images::reactivate).register();
    routes.path("/v2/images/{image_id}/tags/{tag}")
        .onWithoutBody(HandlerType.PUT, images::addTag)
        .onWithoutBody(HandlerType.DELETE, images::removeTag).register();
    routes.path("/v2/images/{image_id}/file")
        .onWithoutBody(HandlerType.GET, data::download)
        .on(HandlerType.PUT, data::upload).register();
    routes.path("/v2/images/{image_id}/members")
        .onWithoutBody(HandlerType.GET, members::list)
        .on(HandlerType.POST, members::create).register();
    routes.path("/v2/images/{image_id}/members/{member_id}")
        .onWithoutBody(HandlerType.GET, members::show)
        .on(HandlerType.PUT, members::update)
        .onWithoutBody(HandlerType.DELETE, members::delete).register();
    if (cache != null) {
      // clean and prune before {image_id}, which would otherwise take them for image ids
      routes.path("/v2/cache/clean").on(HandlerType.POST, cache::clean).register();
      routes.path("/v2/cache/prune").on(HandlerType.POST, cache::prune).register();
      routes.path("/v2/cache")
          .onWithoutBody(HandlerType.GET, cache::state)
          .on(HandlerType.DELETE, cache::clear).register();
      routes.path("/v2/cache/{image_id}")
          .on(HandlerType.PUT, cache::queue)
          .on(HandlerType.DELETE, cache::delete).register();
    }
    routes.path("/v2/images/{image_id}/stage").on(HandlerType.PUT, imports::stage).register();
    routes.path("/v2/images/{image_id}/import").on(HandlerType.POST, imports::importImage).register();
    routes.path("/v2/images/{image_id}/tasks").onWithoutBody(HandlerType.GET, tasks::forImage).register();
    routes.path("/v2/images/{image_id}/locations")
        .on(HandlerType.GET, locations::list)
        .on(HandlerType.POST, locations::add).register();
    routes.path("/v2/info/import").onWithoutBody(HandlerType.GET, imports::info).register();
    routes.path("/v2/info/stores").onWithoutBody(HandlerType.GET, stores::info).register();
    routes.path("/v2/info/stores/detail").onWithoutBody(HandlerType.GET, stores::detail).register();
    routes.path("/v2/stores/{store_id}/{image_id}").onWithoutBody(HandlerType.DELETE, stores::deleteFromStore).register();
    routes.path("/v2/info/usage").on(HandlerType.GET, usage::show).registerOnly();
    routes.path("/v2/tasks")
        .on(HandlerType.GET, tasks::list)
        .on(HandlerType.POST, tasks::create).register();
    routes.path("/v2/tasks/{task_id}")
        .on(HandlerType.GET, tasks::show)
        .on(HandlerType.DELETE, tasks::delete).register();
    routes.path("/v2/schemas/task").on(HandlerType.GET, ctx -> Json.write(ctx, 200, TasksResource.taskSchema())).register();
    routes.path("/v2/schemas/tasks").on(HandlerType.GET, ctx -> Json.write(ctx, 200, TasksResource.tasksSchema())).register();
    routes.path("/v2/schemas/image").onWithoutBody(HandlerType.GET, ctx -> Json.write(ctx, 200, schemas.image())).register();
    routes.path("/v2/schemas/images").onWithoutBody(HandlerType.GET, ctx -> Json.write(ctx, 200, schemas.images())).register();
    routes.path("/v2/schemas/member").onWithoutBody(HandlerType.GET, ctx -> Json.write(ctx, 200, schemas.member())).register();
    routes.path("/v2/schemas/members").onWithoutBody(HandlerType.GET, ctx -> Json.write(ctx, 200, schemas.members())).register();
  }
}
