package org.glimpse.stores.swift;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Swift store needs to know, resolved from glance_store's options (or one reference of a
 * {@code swift_store_config_file}) by the server's configuration.
 *
 * @param reference the account reference named in locations ({@code swift+config://<reference>/…})
 * @param authAddress Keystone's v3 URL (the token request goes to {@code <authAddress>/auth/tokens})
 * @param project the project to scope the token to
 * @param user the user name
 * @param key the user's password
 * @param userDomainId the user's domain id
 * @param projectDomainId the project's domain id
 * @param container the container data objects go to; segments go to {@code <container>_segments}
 * @param createContainerOnPut create missing containers on the first write
 * @param largeObjectSize bytes above which data is kept as segments plus a manifest
 * @param chunkSize the size of every segment after the first
 * @param endpoint a storage URL to use instead of the catalog's ({@code …/v1/AUTH_<project>})
 * @param region the catalog region to pick the endpoint from, if any
 * @param endpointInterface {@code public}, {@code internal} or {@code admin}
 * @param serviceType the catalog service type
 * @param insecure accept any TLS certificate from Keystone and Swift
 * @param caCertificates a PEM file of the certificate authorities to trust instead of the JVM's
 * @param timeout how long one request may wait to connect and for an answer
 */
public record SwiftSettings(
    String reference,
    URI authAddress,
    String project,
    String user,
    String key,
    String userDomainId,
    String projectDomainId,
    String container,
    boolean createContainerOnPut,
    long largeObjectSize,
    long chunkSize,
    Optional<URI> endpoint,
    Optional<String> region,
    String endpointInterface,
    String serviceType,
    boolean insecure,
    Optional<Path> caCertificates,
    Duration timeout) {

  public SwiftSettings {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(authAddress, "authAddress");
    Objects.requireNonNull(container, "container");
    if (largeObjectSize < 1 || chunkSize < 1) {
      throw new IllegalArgumentException("segment sizes must be positive");
    }
    if (container.isEmpty() || container.contains("/")) {
      throw new IllegalArgumentException("not a container name: '" + container + "'");
    }
  }

  /** The container the segments of large or staged data go to. */
  public String segmentContainer() {
    return container + "_segments";
  }

  /** The catalog interface for glance_store's endpoint type ({@code publicURL} → {@code public}). */
  public static String interfaceOf(String endpointType) {
    return switch (endpointType) {
      case "publicURL", "public" -> "public";
      case "internalURL", "internal" -> "internal";
      case "adminURL", "admin" -> "admin";
      default -> throw new IllegalArgumentException(
          "swift_store_endpoint_type must be publicURL, internalURL or adminURL, not '" + endpointType + "'");
    };
  }
}
