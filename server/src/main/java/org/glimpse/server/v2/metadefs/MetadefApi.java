package org.glimpse.server.v2.metadefs;

import io.javalin.http.HandlerType;
import org.glimpse.core.service.MetadefContentService;
import org.glimpse.core.service.MetadefService;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.Routes;

/** The metadata definitions catalog of the Images API v2: /v2/metadefs and its schemas. */
public final class MetadefApi {
  private static final String NS = "/v2/metadefs/namespaces/{namespace}";

  private final MetadefSchemas schemas = new MetadefSchemas();
  private final NamespacesResource namespaces;
  private final ObjectsResource objects;
  private final PropertiesResource properties;
  private final TagsResource tags;
  private final ResourceTypesResource resourceTypes;

  public MetadefApi(MetadefService service, MetadefContentService content, int limitDefault, int limitMax) {
    this.namespaces = new NamespacesResource(service, schemas, limitDefault, limitMax);
    this.objects = new ObjectsResource(content, schemas);
    this.properties = new PropertiesResource(content, schemas);
    this.tags = new TagsResource(content, schemas);
    this.resourceTypes = new ResourceTypesResource(service, schemas);
  }

  public void register(Routes routes) {
    routes.path("/v2/metadefs/namespaces")
        .on(HandlerType.GET, namespaces::list)
        .on(HandlerType.POST, namespaces::create).register();
    routes.path(NS)
        .onWithoutBody(HandlerType.GET, namespaces::show)
        .on(HandlerType.PUT, namespaces::update)
        .onWithoutBody(HandlerType.DELETE, namespaces::delete).register();
    routes.path(NS + "/objects")
        .on(HandlerType.GET, objects::list)
        .on(HandlerType.POST, objects::create)
        .on(HandlerType.DELETE, namespaces::deleteObjects).register();
    routes.path(NS + "/objects/{object}")
        .onWithoutBody(HandlerType.GET, objects::show)
        .on(HandlerType.PUT, objects::update)
        .onWithoutBody(HandlerType.DELETE, objects::delete).register();
    routes.path(NS + "/properties")
        .onWithoutBody(HandlerType.GET, properties::list)
        .on(HandlerType.POST, properties::create)
        .on(HandlerType.DELETE, namespaces::deleteProperties).register();
    routes.path(NS + "/properties/{property}")
        .on(HandlerType.GET, properties::show)
        .on(HandlerType.PUT, properties::update)
        .on(HandlerType.DELETE, properties::delete).register();
    routes.path(NS + "/tags")
        .on(HandlerType.GET, tags::list)
        .on(HandlerType.POST, tags::createMany)
        .on(HandlerType.DELETE, namespaces::deleteTags).register();
    routes.path(NS + "/tags/{tag}")
        .onWithoutBody(HandlerType.GET, tags::show)
        .onWithoutBody(HandlerType.POST, tags::create)
        .on(HandlerType.PUT, tags::update)
        .onWithoutBody(HandlerType.DELETE, tags::delete).register();
    routes.path("/v2/metadefs/resource_types").onWithoutBody(HandlerType.GET, resourceTypes::list).register();
    routes.path(NS + "/resource_types")
        .onWithoutBody(HandlerType.GET, resourceTypes::associations)
        .on(HandlerType.POST, resourceTypes::associate).register();
    routes.path(NS + "/resource_types/{resource_type}")
        .onWithoutBody(HandlerType.DELETE, resourceTypes::dissociate).register();
    for (String name : MetadefSchemas.NAMES) {
      routes.path("/v2/schemas/metadefs/" + name)
          .onWithoutBody(HandlerType.GET, ctx -> Json.write(ctx, 200, schemas.get(name))).register();
    }
  }
}
