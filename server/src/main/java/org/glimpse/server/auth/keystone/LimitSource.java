package org.glimpse.server.auth.keystone;

import java.util.Map;

/** Where the image service's limits are read: Keystone's unified limits API. */
interface LimitSource {
  /** The registered (default) limits of the image service: resource name → default_limit. */
  Map<String, Long> registered() throws KeystoneUnavailableException;

  /** The limits set for {@code projectId}: resource name → resource_limit. */
  Map<String, Long> ofProject(String projectId) throws KeystoneUnavailableException;
}
