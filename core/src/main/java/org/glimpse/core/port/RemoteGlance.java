package org.glimpse.core.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.glimpse.core.RequestContext;

/**
 * Another region's image service, reached on the caller's behalf (glance-download): its endpoint
 * comes from the service catalog the caller's token sees, and every call carries that token. The
 * implementation applies the operator's URL filtering to every URL it reads. Failures are
 * IOExceptions whose message is fit for the import task's message.
 */
public interface RemoteGlance {

  /**
   * The URL of the {@code image} service's {@code serviceInterface} endpoint in {@code region}
   * (case-insensitive), as the caller's catalog lists it.
   */
  String endpoint(RequestContext caller, String region, String serviceInterface) throws IOException;

  /** The remote image's record ({@code GET <endpoint>/v2/images/<id>}). */
  RemoteImage image(RequestContext caller, String endpoint, String imageId) throws IOException;

  /** The remote image's data ({@code GET <endpoint>/v2/images/<id>/file}); the caller closes it. */
  InputStream data(RequestContext caller, String endpoint, String imageId) throws IOException;

  /**
   * What glance-download needs of a remote image: its status, formats, size (null if the record
   * has none) and its additional properties (string values only; never the core attributes).
   */
  record RemoteImage(String status, String diskFormat, String containerFormat, Long size,
      Map<String, String> properties) {

    public RemoteImage {
      properties = Map.copyOf(properties);
    }
  }
}
