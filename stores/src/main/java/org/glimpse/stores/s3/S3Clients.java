package org.glimpse.stores.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the synchronous S3 client the store uses from its settings. */
final class S3Clients {
  /** A refused or unroutable endpoint fails within this (times the SDK's three attempts). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Longest silence on an open connection, between bytes of a part or of a download. */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  /** Downloads hold a connection while the client reads, so the pool is larger than the part pool. */
  static final int MAX_CONNECTIONS = 256;

  private S3Clients() {}

  static S3Client build(S3Settings settings) {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .connectionAcquisitionTimeout(Duration.ofSeconds(30))
        .maxConnections(MAX_CONNECTIONS + settings.threadPools());
    if (settings.cacert().isPresent()) {
      TrustManager[] trust = trustManagers(settings.cacert().get());
      http.tlsTrustManagersProvider(() -> trust);
    }
    return S3Client.builder()
        .httpClient(http.build())
        .endpointOverride(settings.endpoint())
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
        // Over plain http the SDK would sign uploads in aws-chunked encoding, which not every
        // S3-compatible server accepts (Swift's s3api refuses it); the payload is then signed
        // whole instead, which the store allows by handing parts over as re-readable buffers.
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(settings.pathStyle())
            .chunkedEncodingEnabled(false)
            .build())
        // Newer SDKs add CRC checksums to every upload; S3-compatible servers (Swift's s3api among
        // them) reject or ignore them, so by default only what S3 requires is sent, as glance_store.
        .requestChecksumCalculation(settings.requestChecksumsWhenSupported()
            ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(settings.responseChecksumsWhenSupported()
            ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Trust managers that trust exactly the certificates of a PEM bundle. */
  static TrustManager[] trustManagers(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("s3_store_cacert " + bundle + " holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("s3_store_cacert " + bundle + " cannot be read as PEM certificates: "
          + e.getMessage(), e);
    }
  }
}
