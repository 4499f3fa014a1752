package org.glimpse.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFilterTest {
  private final ImportFilter defaults = new ImportFilter(List.of("http", "https"), List.of(), List.of(), List.of(),
      List.of("80", "443"), List.of());

  @Test
  void internalAddressesAreRecognized() throws Exception {
    for (String a : List.of("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1",
        "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1")) {
      assertThat(ImportFilter.internal(InetAddress.getByName(a))).as(a).isNotNull();
    }
    for (String a : List.of("8.8.8.8", "93.184.216.34", "2606:4700::1111")) {
      assertThat(ImportFilter.internal(InetAddress.getByName(a))).as(a).isNull();
    }
  }

  @Test
  void glancesRulesApplyAndAllowedListsWin() {
    assertThat(defaults.refusal(URI.create("https://example.com/x.img"))).isNull();
    assertThat(defaults.refusal(URI.create("http://example.com:443/x.img"))).isNull();
    assertThat(defaults.refusal(URI.create("http://example.com:8080/x.img"))).isEqualTo("port not allowed");
    assertThat(defaults.refusal(URI.create("ftp://example.com/x.img"))).isEqualTo("scheme not allowed");
    assertThat(defaults.refusal(URI.create("http://0x7f000001/x"))).startsWith("ambiguous numeric host");
    assertThat(defaults.refusal(URI.create("http://0177.0.0.1/x"))).startsWith("ambiguous numeric host");
    ImportFilter denyList = new ImportFilter(List.of(), List.of("http"), List.of(), List.of("bad.example"),
        List.of(), List.of("22"));
    assertThat(denyList.refusal(URI.create("http://example.com/x"))).isEqualTo("scheme not allowed");
    assertThat(denyList.refusal(URI.create("https://bad.example/x"))).isEqualTo("host not allowed");
    assertThat(denyList.refusal(URI.create("https://good.example:22/x"))).isEqualTo("port not allowed");
    assertThat(denyList.refusal(URI.create("https://good.example:8443/x"))).isNull();
  }

  @Test
  void addressesWrittenInTheUriAreRefusedWithoutDns() {
    SafeWebSource web = new SafeWebSource(defaults);
    assertThat(web.refusal("http://127.0.0.1/x")).isEqualTo("loopback address not allowed");
    assertThat(web.refusal("http://[::ffff:10.0.0.1]/x")).isEqualTo("private address not allowed");
    assertThat(web.refusal("http://169.254.169.254/x")).isEqualTo("link-local address not allowed");
    assertThat(web.refusal("http://93.184.216.34/x")).isNull();
    SafeWebSource trusting = new SafeWebSource(new ImportFilter(List.of("http"), List.of(), List.of("127.0.0.1"),
        List.of(), List.of("8080"), List.of()));
    assertThat(trusting.refusal("http://127.0.0.1:8080/x")).isNull();
  }
}
