package org.glimpse.server.versions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which path a request is routed by, for the versions Glance negotiates. */
class VersionNegotiationTest {
  private final VersionNegotiation plain = new VersionNegotiation(false, false);
  private final VersionNegotiation cacheAndStores = new VersionNegotiation(true, true);

  @Test
  void aVersionInThePathIsV2WhereGlanceNegotiatesIt() {
    assertThat(plain.negotiate("/v2/images", null)).isEqualTo("/v2/images");
    assertThat(plain.negotiate("/v2.1/images/x", null)).isEqualTo("/v2/images/x");
    assertThat(plain.negotiate("//v2.15/images", null)).isEqualTo("/v2/images");
    assertThat(plain.negotiate("/v2.1", null)).isEqualTo("/v2");
    assertThat(plain.negotiate("/v2.14/images", null)).isEqualTo("/v2.14/images");
    assertThat(cacheAndStores.negotiate("/v2.14/images", null)).isEqualTo("/v2/images");
    assertThat(plain.negotiate("/v2.8/images", null)).isEqualTo("/v2.8/images");
    assertThat(cacheAndStores.negotiate("/v2.8/images", null)).isEqualTo("/v2/images");
    assertThat(cacheAndStores.negotiate("/v2.17/images", null)).isEqualTo("/v2.17/images");
    assertThat(plain.negotiate("/v1/images", null)).isEqualTo("/v1/images");
    assertThat(plain.negotiate("/", null)).isEqualTo("/");
  }

  @Test
  void theMediaTypePutsTheVersionBeforeThePath() {
    String v21 = "application/vnd.openstack.images-v2.1";
    assertThat(plain.negotiate("/images", v21)).isEqualTo("/v2/images");
    assertThat(plain.negotiate("/v2/images", v21)).isEqualTo("/v2/v2/images");
    assertThat(plain.negotiate("/images", "application/vnd.openstack.images-v3")).isEqualTo("/");
    assertThat(plain.negotiate("/versions", v21)).isEqualTo("/versions");
    assertThat(plain.negotiate("/versionsx", v21)).isEqualTo("/v2/versionsx");
    assertThat(plain.negotiate("/images", "application/vnd.openstack.images-v1")).isEqualTo("/images");
    assertThat(plain.negotiate("/images", "application/json")).isEqualTo("/images");
  }
}
