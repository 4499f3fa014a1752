package org.glimpse.server;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.error.GlimpseException;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.Policy;
import org.glimpse.core.port.ImageStore;
import org.glimpse.core.service.DataLimits;
import org.glimpse.core.service.ImageDataService;
import org.glimpse.core.service.ImageLookup;
import org.glimpse.core.service.ImageRules;
import org.glimpse.core.service.ImageService;
import org.glimpse.core.service.ImageUploader;
import org.glimpse.core.service.MemberService;
import org.glimpse.db.Database;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.GlimpseConfig;
import org.glimpse.server.config.PolicyFile;
import org.glimpse.server.http.ErrorMapper;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.RequestIds;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.Routes;
import org.glimpse.server.v1.V1Api;
import org.glimpse.server.v2.V2Api;
import org.glimpse.server.versions.VersionsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, by hand and in one place, and
 * runs the HTTP server. {@link #start} returns once the server listens; {@link #stop} releases
 * everything.
 */
public final class GlimpseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GlimpseServer.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final HandlerType[] ANY_METHOD = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD};

  private final Database database;
  private final Javalin app;

  private GlimpseServer(Database database, Javalin app) {
    this.database = database;
    this.app = app;
  }

  public static GlimpseServer start(GlimpseConfig config) {
    GlimpseConfig.DefaultSection d = config.defaultSection();
    Database database = openDatabase(config.database().connection());
    try {
      ImageStore store = StoreFactory.open(config.glanceStore());
      Clock clock = Clock.systemUTC();
      ImagePolicy policy = new ImagePolicy(config.osloPolicy().policyFile()
          .map(file -> Policy.withOverrides(PolicyFile.read(file)))
          .orElseGet(Policy::glanceDefaults));
      ImageRules rules = new ImageRules(config.imageFormat().diskFormats(),
          config.imageFormat().containerFormats(), d.imagePropertyQuota(), d.imageTagQuota());
      ImageLookup lookup = new ImageLookup(database.images(), database.members(), policy);
      ImageService images = new ImageService(database.images(), lookup, policy, rules, store, clock);
      ImageUploader uploader = new ImageUploader(database.images(), store,
          new DataLimits(d.imageSizeCap(), d.userStorageQuota()), clock);
      ImageDataService data = new ImageDataService(database.images(), lookup, policy, store, uploader, clock);
      MemberService members = new MemberService(database.members(), lookup, policy, d.imageMemberQuota(), clock);

      VersionsResource versions = new VersionsResource(d.enableV1Api(), d.enableV2Api(), d.publicEndpoint().orElse(null));
      NoAuthContext noauth = new NoAuthContext(config.noauth().defaultProjectId(), new LinkedHashSet<>(config.noauth().defaultRoles()));
      Javalin app = Javalin.create(c -> {
        c.showJavalinBanner = false;
        c.http.maxRequestSize = Json.MAX_BODY;
        c.jetty.modifyHttpConfiguration(h -> {
          h.setRequestHeaderSize(16 * 1024);
          h.setSendServerVersion(false);
        });
      });
      app.before(ctx -> {
        String requestId = RequestIds.of(ctx);
        ctx.header(RequestIds.HEADER, requestId);
        RequestContext rc = noauth.build(ctx, requestId);
        ctx.attribute(NoAuthContext.ATTRIBUTE, rc);
        // v2 gives an anonymous caller Glance's read-only context; v1 asks it to authenticate (its own routes)
        if (!rc.authenticated() && MUTATING.contains(ctx.method().name()) && ctx.path().startsWith("/v2")) {
          throw new ForbiddenException("Read-only access");
        }
      });
      app.exception(GlimpseException.class, ErrorMapper::handle);
      app.exception(Exception.class, ErrorMapper::handleUnexpected);

      Routes routes = new Routes(app);
      // Glance answers version discovery whatever the method
      for (HandlerType method : ANY_METHOD) {
        app.addHttpHandler(method, "/", versions::multipleChoices);
        app.addHttpHandler(method, "/versions", versions::list);
      }
      if (d.enableV2Api()) {
        new V2Api(images, data, members, config).register(routes);
      }
      if (d.enableV1Api()) {
        new V1Api(database.images(), database.members(), lookup, policy, rules, uploader, store,
            versions, config, clock).register(routes);
      }
      for (HandlerType method : ANY_METHOD) {
        app.addHttpHandler(method, "/<path>", ctx -> {
          String first = ctx.path().replaceFirst("^/+", "").split("/", 2)[0];
          if (versions.isServedVersion(first)) {
            ErrorMapper.render(ctx, 404, "The resource could not be found.");
          } else {
            versions.multipleChoices(ctx);
          }
        });
      }
      app.start(d.bindHost(), d.bindPort());
      LOG.info("Glimpse listening on http://{}:{}", d.bindHost(), port(app));
      return new GlimpseServer(database, app);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Database openDatabase(String connection) {
    try {
      return Database.open(prepareConnection(connection));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[database] connection: " + e.getMessage());
    }
  }

  /** An H2 file database lives under a directory that may not exist yet on a fresh machine. */
  private static String prepareConnection(String connection) {
    if (connection.startsWith("h2:") && !connection.startsWith("h2:mem")) {
      Path parent = Path.of(connection.substring(3)).toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create database directory " + parent, e);
      }
    }
    return connection;
  }

  private static int port(Javalin app) {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  public int port() {
    return port(app);
  }

  public void stop() {
    app.stop();
    database.close();
  }

  @Override
  public void close() {
    stop();
  }
}
