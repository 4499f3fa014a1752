package org.glimpse.server.imports;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * {@code [import_filtering_opts]} as Glance applies them (an allowed list, when set, wins over the
 * disallowed one; a port is checked when the URI names one), plus what Glance leaves out: every
 * address a host resolves to must be a public unicast address — loopback, private, link-local,
 * unique-local, multicast, unspecified, carrier-grade NAT, and IPv4 embedded in IPv6 are refused —
 * unless the host is in {@code allowed_hosts}.
 */
public record ImportFilter(List<String> allowedSchemes, List<String> disallowedSchemes, List<String> allowedHosts,
    List<String> disallowedHosts, List<String> allowedPorts, List<String> disallowedPorts) {

  /** Null when the URI passes the scheme, host and port rules, else why not. */
  public String refusal(URI uri) {
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || (!allowedSchemes.isEmpty() ? !allowedSchemes.contains(scheme)
        : disallowedSchemes.contains(scheme))) {
      return "scheme not allowed";
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "only http and https can be read";
    }
    String host = host(uri);
    if (host == null || host.isEmpty()) {
      return "no host";
    }
    if (host.matches("[0-9a-fx.]+") && !host.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
        + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}") && host.matches("[0-9x.]+|.*[0-9]")) {
      return "ambiguous numeric host (write IPv4 addresses as four decimal numbers)";
    }
    if (!allowedHosts.isEmpty() ? !allowedHosts.contains(host) : disallowedHosts.contains(host)) {
      return "host not allowed";
    }
    if (uri.getPort() != -1) {
      String port = Integer.toString(uri.getPort());
      if (!allowedPorts.isEmpty() ? !allowedPorts.contains(port) : disallowedPorts.contains(port)) {
        return "port not allowed";
      }
    }
    if (uri.getRawUserInfo() != null) {
      return "credentials in the URI are not allowed";
    }
    return null;
  }

  /** The host of a URI as the filter compares it: lower case, IPv6 without brackets. */
  static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }

  /** Whether the host may resolve to internal addresses (it is listed in allowed_hosts). */
  boolean trusted(String host) {
    return allowedHosts.contains(host);
  }

  /** Why an address must not be connected to, or null for a public unicast address. */
  static String internal(InetAddress a) {
    if (a.isAnyLocalAddress()) {
      return "unspecified address";
    }
    if (a.isLoopbackAddress()) {
      return "loopback address";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local address";
    }
    if (a.isSiteLocalAddress()) {
      return "private address";
    }
    if (a.isMulticastAddress()) {
      return "multicast address";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0 || b0 >= 240 || (b0 == 100 && b1 >= 64 && b1 < 128) || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19))) {
        return "reserved address";
      }
    } else if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) {
        return "unique-local address";
      }
      if ((b0 & 0xe0) != 0x20) {
        // outside 2000::/3: IPv4-mapped or -compatible forms, NAT64 well-known prefix aside, and reserved space
        return "address outside global unicast";
      }
      if (b0 == 0x20 && (b[1] & 0xff) == 0x02) {
        return "6to4 address";
      }
      if (b0 == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
        return "Teredo address";
      }
    }
    return null;
  }
}
