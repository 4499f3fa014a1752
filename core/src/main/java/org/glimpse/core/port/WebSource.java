package org.glimpse.core.port;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where web-download reads an image from: a URI the operator's filtering rules allow
 * ({@code [import_filtering_opts]}). The implementation decides what "allowed" means and must
 * hold to it for every connection it makes, redirects included.
 */
public interface WebSource {

  /** Null when the URI passes the filtering rules, else why not (for the caller's 400). */
  String refusal(String uri);

  /**
   * Opens the URI's content for reading. IOException (with a message fit for the task's message)
   * when it cannot be read or a redirect leads somewhere the rules refuse.
   */
  InputStream open(String uri) throws IOException;
}
