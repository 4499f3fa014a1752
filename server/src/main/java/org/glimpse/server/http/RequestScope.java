package org.glimpse.server.http;

import io.javalin.config.JettyConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Binds each request to its id (see {@link RequestIds}) for as long as it runs: a servlet filter
 * around everything Javalin does assigns the id, sets {@value RequestIds#HEADER} and puts the id
 * in the MDC, and removes it from the MDC when the request ends, however it ends. Requests that
 * Jetty refuses before they reach Javalin (a malformed request line, headers too large, an
 * ambiguous URI) get an id too, in their answer's header and in the one log line they leave.
 */
public final class RequestScope {
  private static final Logger LOG = LoggerFactory.getLogger(RequestScope.class);

  private RequestScope() {}

  /** Installs the filter and Jetty's error handlers into the server Javalin builds. */
  public static void install(JettyConfig jetty) {
    jetty.modifyServletContextHandler(context -> {
      context.addFilter(new FilterHolder(new IdFilter()), "/*",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
      context.setErrorHandler(new JettyErrors());
    });
    jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
  }

  static final class IdFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String id = RequestIds.assign((HttpServletRequest) request);
      ((HttpServletResponse) response).setHeader(RequestIds.HEADER, id);
      MDC.put(RequestIds.MDC_KEY, id);
      try {
        chain.doFilter(request, response);
      } finally {
        MDC.remove(RequestIds.MDC_KEY);
      }
    }
  }

  /** Jetty's own error answers, with the request id added; their bodies stay Jetty's. */
  static final class JettyErrors extends ErrorHandler {
    JettyErrors() {
      setShowStacks(false);
      setShowServlet(false);
    }

    /** An error Jetty answers for a request it parsed (e.g. an ambiguous URI). */
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      String id = RequestIds.assign(request);
      response.setHeader(RequestIds.HEADER, id);
      MDC.put(RequestIds.MDC_KEY, id);
      try {
        Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        LOG.info("refused {} {}: {} {}", request.getMethod(), request.getRequestURI(), response.getStatus(),
            reason != null ? reason : HttpStatus.getMessage(response.getStatus()));
        super.handle(target, baseRequest, request, response);
      } finally {
        MDC.remove(RequestIds.MDC_KEY);
      }
    }

    /** A request Jetty could not parse at all (e.g. headers too large). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      String id = RequestIds.fresh();
      fields.put(RequestIds.HEADER, id);
      MDC.put(RequestIds.MDC_KEY, id);
      try {
        LOG.info("refused a malformed request: {} {}", status, reason != null ? reason : HttpStatus.getMessage(status));
      } finally {
        MDC.remove(RequestIds.MDC_KEY);
      }
      return super.badMessageError(status, reason, fields);
    }
  }
}
