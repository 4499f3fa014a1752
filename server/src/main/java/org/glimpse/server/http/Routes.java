package org.glimpse.server.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glimpse.core.error.BadRequestException;

/**
 * Registers a path with its handlers per method, and answers every other method on that path
 * with 405 and an Allow header, as Glance's router does. OPTIONS gets an empty 200, as from
 * Glance's stack when no CORS origin is configured.
 */
public final class Routes {
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST,
      HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD);

  private final Javalin app;
  private final List<Before> befores = new ArrayList<>();

  private record Before(String pathPrefix, Handler handler) {}

  /**
   * Routes on {@code app}. Before-handlers run inside the route's own handler, not as Javalin's:
   * Javalin matches each of those against the path by regular expression three times per
   * request (a lazy {@code .*} for every character of the path), which came to a tenth of the
   * CPU of a show. So every route goes through here, the catch-all included.
   */
  public Routes(Javalin app) {
    this.app = app;
  }

  /**
   * Runs {@code handler} before the route of every request whose path starts with {@code
   * pathPrefix} ("" for every request), after the ones added before it.
   */
  public void before(String pathPrefix, Handler handler) {
    befores.add(new Before(pathPrefix, handler));
  }

  /** Adds a route for one method, as it is: no 405 for the path's other methods. */
  public void add(HandlerType method, String path, Handler handler) {
    app.addHttpHandler(method, path, withBefores(handler));
  }

  private Handler withBefores(Handler handler) {
    return ctx -> {
      String path = ctx.path();
      for (Before before : befores) {
        if (path.startsWith(before.pathPrefix())) {
          before.handler().handle(ctx);
        }
      }
      handler.handle(ctx);
    };
  }

  public PathBuilder path(String path) {
    return new PathBuilder(path);
  }

  /**
   * Javalin matches {@code /v2/images/} as {@code /v2/images}; Glance's v2 router does not (a
   * show or delete with an empty id is 404 there, which tempest checks). v1 handles its own.
   */
  private static Handler exactV2(Handler handler) {
    return ctx -> {
      if (ctx.path().endsWith("/")) {
        ErrorMapper.render(ctx, 404, "The resource could not be found.");
      } else {
        handler.handle(ctx);
      }
    };
  }

  /** Collects the methods of one path; {@link #register()} adds them to the server. */
  public final class PathBuilder {
    private final String path;
    private final Map<HandlerType, Handler> handlers = new LinkedHashMap<>();

    private PathBuilder(String path) {
      this.path = path;
    }

    public PathBuilder on(HandlerType method, Handler handler) {
      handlers.put(method, handler);
      return this;
    }

    /**
     * As {@link #on}, for a call that takes no body: one sent with it is refused with 400 before
     * anything else is looked at, where Glance's router marks the route {@code body_reject}.
     */
    public PathBuilder onWithoutBody(HandlerType method, Handler handler) {
      return on(method, ctx -> {
        if (RequestBody.present(ctx)) {
          throw new BadRequestException("A body is not expected with this request.");
        }
        handler.handle(ctx);
      });
    }

    /**
     * Adds only the given methods: any other method on the path is not found (404), as Glance
     * answers paths its router connects without a reject route (such as /v2/info/usage).
     */
    public void registerOnly() {
      handlers.forEach((method, handler) ->
          add(method, path, path.startsWith("/v2/") ? exactV2(handler) : handler));
    }

    public void register() {
      String allow = handlers.keySet().stream().map(Enum::name).collect(Collectors.joining(", "));
      for (HandlerType method : METHODS) {
        Handler h = handlers.get(method);
        Handler handler = h != null ? h : ctx -> {
          ctx.header("Allow", allow);
          ErrorMapper.render(ctx, 405, "The method " + ctx.method().name() + " is not allowed for this resource.");
        };
        add(method, path, path.startsWith("/v2/") ? exactV2(handler) : handler);
      }
      add(HandlerType.OPTIONS, path, ctx -> {
        ctx.status(200);
        ctx.res().setContentType(null);
      });
    }
  }
}
