package org.glimpse.server.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/** A request body that hands everything to another; subclasses watch the reads. */
abstract class ForwardingInput extends ServletInputStream {
  protected final ServletInputStream in;

  ForwardingInput(ServletInputStream in) {
    this.in = in;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(listener);
  }
}
