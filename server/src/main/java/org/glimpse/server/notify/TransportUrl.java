package org.glimpse.server.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.server.config.ConfigException;

/**
 * oslo.messaging's transport URL for RabbitMQ: {@code rabbit://user:pass@host:port/vhost}, several
 * {@code user:pass@host:port} comma-separated. Credentials and the virtual host are
 * percent-decoded; a missing port is 5672, a missing virtual host {@code /}. AMQP client
 * connections carry one set of credentials, so the first host's serve for all.
 */
public record TransportUrl(String user, String password, List<Host> hosts, String virtualHost) {

  public record Host(String host, int port) {}

  public static TransportUrl parse(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid("it is not of the form rabbit://user:pass@host:port/vhost");
    }
    String scheme = url.substring(0, schemeEnd);
    if (!scheme.equals("rabbit")) {
      throw invalid("the scheme is '" + scheme + "'; Glimpse sends notifications to RabbitMQ only (rabbit://)");
    }
    String rest = url.substring(schemeEnd + 3);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String vhost = slash < 0 ? "" : decode(rest.substring(slash + 1));
    String user = "guest";
    String password = "guest";
    List<Host> hosts = new ArrayList<>();
    boolean first = true;
    for (String part : authority.split(",")) {
      int at = part.lastIndexOf('@');
      String hostPort = at < 0 ? part : part.substring(at + 1);
      if (at >= 0 && first) {
        String credentials = part.substring(0, at);
        int colon = credentials.indexOf(':');
        user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
        password = colon < 0 ? "" : decode(credentials.substring(colon + 1));
      }
      first = false;
      hosts.add(host(hostPort));
    }
    return new TransportUrl(user, password, List.copyOf(hosts), vhost.isEmpty() ? "/" : vhost);
  }

  private static Host host(String hostPort) {
    String host;
    String port = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalid("an IPv6 address has no closing ]");
      }
      host = hostPort.substring(1, close);
      if (hostPort.length() > close + 1) {
        if (hostPort.charAt(close + 1) != ':') {
          throw invalid("unexpected text after " + hostPort.substring(0, close + 1));
        }
        port = hostPort.substring(close + 2);
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw invalid("a host is missing");
    }
    try {
      int p = port == null || port.isEmpty() ? 5672 : Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw invalid("port " + p + " is out of range");
      }
      return new Host(host, p);
    } catch (NumberFormatException e) {
      throw invalid("port '" + port + "' is not a number");
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ConfigException invalid(String why) {
    return new ConfigException("[oslo_messaging_notifications] transport_url: " + why);
  }

  /** For logs: without the password. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("rabbit://").append(user).append(":***@");
    for (int i = 0; i < hosts.size(); i++) {
      s.append(i == 0 ? "" : ",").append(hosts.get(i).host()).append(':').append(hosts.get(i).port());
    }
    return s.append('/').append(virtualHost.equals("/") ? "" : virtualHost).toString();
  }
}
