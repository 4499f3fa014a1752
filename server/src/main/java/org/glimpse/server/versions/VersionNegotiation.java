package org.glimpse.server.versions;

import io.javalin.config.JettyConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * Glance's version negotiation for v2, before routing: a request names its version either in its
 * first path segment ({@code /v2.1/images} is {@code /v2/images}) or in its Accept header
 * ({@code application/vnd.openstack.images-v2.1} puts {@code /v2} before the path, which keeps
 * its own first segment). A version Glance does not negotiate gets the version choices (300),
 * as any unknown first segment does. Only the versions Glance lets a client name in a request
 * are taken, which are fewer than it lists (v2.17, say, is listed, not negotiated).
 */
public final class VersionNegotiation implements Filter {
  private static final String MEDIA_TYPE = "application/vnd.openstack.images-";
  private static final Set<String> ALWAYS = Set.of(
      "v2", "v2.0", "v2.1", "v2.2", "v2.3", "v2.4", "v2.5", "v2.6", "v2.7", "v2.9", "v2.15");
  private static final Set<String> WITH_CACHE = Set.of("v2.14", "v2.16");
  private static final Set<String> WITH_STORES = Set.of("v2.8", "v2.10", "v2.11", "v2.12", "v2.13");

  private final boolean cacheEnabled;
  private final boolean multiStore;

  VersionNegotiation(boolean cacheEnabled, boolean multiStore) {
    this.cacheEnabled = cacheEnabled;
    this.multiStore = multiStore;
  }

  /** Installs the negotiation in front of the routes (only when v2 is served). */
  public static void install(JettyConfig jetty, boolean cacheEnabled, boolean multiStore) {
    jetty.modifyServletContextHandler(context -> context.addFilter(
        new FilterHolder(new VersionNegotiation(cacheEnabled, multiStore)), "/*",
        EnumSet.of(DispatcherType.REQUEST)));
  }

  /** Whether a client may name this version ({@code v2}, {@code v2.3}…) in a request. */
  boolean negotiable(String version) {
    return ALWAYS.contains(version) || (cacheEnabled && WITH_CACHE.contains(version))
        || (multiStore && WITH_STORES.contains(version));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String path = http.getRequestURI();
    String negotiated = negotiate(path, http.getHeader("Accept"));
    chain.doFilter(negotiated.equals(path) ? request : new Rewritten(http, negotiated), response);
  }

  /**
   * The path the request is routed by. An unknown version goes to the root, which answers with
   * the version choices.
   */
  String negotiate(String path, String accept) {
    // every request passes here: no regular expression, no copy unless a version is named
    int start = 0;
    while (start < path.length() && path.charAt(start) == '/') {
      start++;
    }
    if (path.startsWith("versions", start)
        && (path.length() == start + 8 || path.charAt(start + 8) == '/')) {
      return path;
    }
    if (accept != null && accept.startsWith(MEDIA_TYPE)) {
      String version = accept.substring(MEDIA_TYPE.length());
      if (!version.startsWith("v1")) { // v1 negotiates its own media types
        return negotiable(version) ? "/v2" + path : "/";
      }
    }
    if (!path.startsWith("v2.", start)) {
      return path;
    }
    int slash = path.indexOf('/', start);
    String first = slash < 0 ? path.substring(start) : path.substring(start, slash);
    return negotiable(first) ? "/v2" + (slash < 0 ? "" : path.substring(slash)) : path;
  }

  /** The request with the negotiated path, which is what the router matches. */
  private static final class Rewritten extends HttpServletRequestWrapper {
    private final String uri;

    Rewritten(HttpServletRequest request, String uri) {
      super(request);
      this.uri = uri;
    }

    @Override
    public String getRequestURI() {
      return uri;
    }

    @Override
    public StringBuffer getRequestURL() {
      StringBuffer url = new StringBuffer();
      url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort())
          .append(uri);
      return url;
    }
  }
}
