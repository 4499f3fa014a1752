package org.glimpse.ft;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.glimpse.ft.support.GlimpseTestServer;
import org.glimpse.server.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration the server cannot honour stops it at start with a message naming the option. */
class StartupTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GLIMPSE_GLANCE_STORE__DEFAULT_STORE | swift                | [glance_store] default_store",
      "GLIMPSE_GLANCE_STORE__STORES        | http                 | [glance_store] stores",
      "GLIMPSE_PASTE_DEPLOY__FLAVOR        | keystone             | [keystone_authtoken] auth_url is required",
      "GLIMPSE_PASTE_DEPLOY__FLAVOR        | keystone+cachemanagement | [paste_deploy] flavor",
      "GLIMPSE_DATABASE__CONNECTION        | sqlite:////tmp/x.db  | [database] connection",
      "GLIMPSE_OSLO_POLICY__POLICY_FILE    | /nonexistent/p.yaml  | [oslo_policy] policy_file",
      "GLIMPSE_DEFAULT__BIND_PORT          | 70000                | bind_port"})
  void refusesToStart(String variable, String value, String named) {
    assertThatThrownBy(() -> GlimpseTestServer.start(null, Map.of(variable, value)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }
}
