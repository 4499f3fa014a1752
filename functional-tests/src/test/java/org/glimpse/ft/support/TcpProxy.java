package org.glimpse.ft.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a database the tests share, so that a test can take "the
 * database" away from one Glimpse without touching the real server: {@link #refuse()} cuts every
 * connection through it and resets each new one at once (as a stopped database does), {@link
 * #resume()} forwards again. Loopback only; one thread per direction of each connection.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean refusing;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts forwarding 127.0.0.1:{@link #port()} to 127.0.0.1:{@code targetPort}. */
  public static TcpProxy to(int targetPort) {
    try {
      return new TcpProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * A {@code [database] connection} that names 127.0.0.1:{@code targetPort}, rewritten to go
   * through this proxy.
   */
  public String route(String connection) {
    String direct = "127.0.0.1:" + targetPort;
    if (!connection.contains(direct)) {
      throw new IllegalArgumentException(connection + " does not name " + direct);
    }
    return connection.replace(direct, "127.0.0.1:" + port());
  }

  /** The database is gone: every connection through the proxy is cut, new ones are reset. */
  public void refuse() {
    refusing = true;
    for (Socket socket : open) {
      reset(socket);
    }
  }

  /** The database is back. */
  public void resume() {
    refusing = false;
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (refusing) {
        reset(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        pipe(client, server);
        pipe(server, client);
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // either side went away: the other one goes too
      } finally {
        reset(from);
        reset(to);
      }
    }, "tcp-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes with a reset, as a crashed peer would. */
  private void reset(Socket socket) {
    open.remove(socket);
    try (socket) {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    refuse();
    try {
      listener.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public String toString() {
    return "proxy " + new InetSocketAddress(InetAddress.getLoopbackAddress(), port())
        + " -> 127.0.0.1:" + targetPort + (refusing ? " (refusing)" : "");
  }
}
