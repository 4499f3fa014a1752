package org.glimpse.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The request id filter leaves nothing behind on the thread, however the request ends. */
class RequestScopeTest {
  private final Map<String, Object> attributes = new HashMap<>();
  private final Map<String, String> requestHeaders = new HashMap<>();
  private final Map<String, String> responseHeaders = new HashMap<>();
  private final RequestScope.IdFilter filter = new RequestScope.IdFilter();

  @AfterEach
  void noLeftovers() {
    MDC.clear();
  }

  private HttpServletRequest request() {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> attributes.put((String) args[0], args[1]);
          case "getHeader" -> requestHeaders.get(((String) args[0]).toLowerCase());
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
          case "setHeader" -> responseHeaders.put((String) args[0], (String) args[1]);
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void theIdIsInTheMdcDuringTheRequestOnlyAndEchoed() throws Exception {
    String[] seen = new String[1];
    filter.doFilter(request(), response(), (req, res) -> seen[0] = MDC.get(RequestIds.MDC_KEY));
    assertThat(seen[0]).matches("req-[0-9a-f-]{36}");
    assertThat(responseHeaders).containsEntry(RequestIds.HEADER, seen[0]);
    assertThat(attributes).containsEntry(RequestIds.ATTRIBUTE, seen[0]);
    assertThat(MDC.get(RequestIds.MDC_KEY)).isNull();
  }

  @Test
  void theMdcIsClearedWhenTheRequestFails() {
    FilterChain failing = (req, res) -> {
      throw new IllegalStateException("failed");
    };
    assertThatThrownBy(() -> filter.doFilter(request(), response(), failing)).hasMessage("failed");
    assertThat(MDC.get(RequestIds.MDC_KEY)).isNull();
  }

  @Test
  void anErrorDispatchOfTheSameRequestKeepsItsId() throws Exception {
    requestHeaders.put(RequestIds.HEADER, "trace-1");
    String[] seen = new String[2];
    filter.doFilter(request(), response(), (req, res) -> seen[0] = MDC.get(RequestIds.MDC_KEY));
    requestHeaders.clear();
    filter.doFilter(request(), response(), (req, res) -> seen[1] = MDC.get(RequestIds.MDC_KEY));
    assertThat(seen).containsExactly("req-trace-1", "req-trace-1");
  }
}
