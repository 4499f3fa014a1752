package org.glimpse.server.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends image data as the body of a response whose headers (status, length) are set. When the
 * store's stream is also a channel (a local file) and the response is Jetty's own, each read goes
 * from the file straight into a large direct buffer that Jetty writes to the socket as it is: the
 * bytes never pass through the Java heap, as {@code cat} of the file to a socket would move them.
 * Anything else is copied through the servlet stream.
 */
public final class DataSender {
  static final int BUFFER_SIZE = 1 << 20;
  private static final BlockingQueue<ByteBuffer> BUFFERS = new ArrayBlockingQueue<>(8);

  private DataSender() {}

  public static void send(InputStream data, HttpServletResponse response) throws IOException {
    ServletOutputStream out = response.getOutputStream();
    if (data instanceof ReadableByteChannel channel && out instanceof HttpOutput jetty) {
      sendDirect(channel, jetty);
    } else {
      data.transferTo(out);
    }
    out.flush();
  }

  private static void sendDirect(ReadableByteChannel channel, HttpOutput out) throws IOException {
    ByteBuffer buffer = BUFFERS.poll();
    if (buffer == null) {
      buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    }
    try {
      while (true) {
        buffer.clear();
        int n = 0;
        while (buffer.hasRemaining() && (n = channel.read(buffer)) > 0) {
          // fill the buffer: fewer, larger socket writes
        }
        buffer.flip();
        if (buffer.hasRemaining()) {
          out.write(buffer);
        }
        if (n < 0) {
          return;
        }
      }
    } finally {
      buffer.clear();
      BUFFERS.offer(buffer);
    }
  }
}
