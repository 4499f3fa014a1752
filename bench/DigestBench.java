import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The references an upload is held to: MiB/s of Java's MD5 alone and SHA-512 alone (or any
 * algorithms named) over a file already in the page cache, read in 1 MiB chunks, best of three.
 * Run by the JDK from source: java bench/DigestBench.java FILE [ALGORITHM...]
 */
public class DigestBench {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String[] algorithms = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"MD5", "SHA-512"};
    byte[] buffer = new byte[1 << 20];
    for (String algorithm : algorithms) {
      double best = 0;
      for (int round = 0; round < 3; round++) {
        best = Math.max(best, once(file, MessageDigest.getInstance(algorithm), buffer));
      }
      System.out.printf("%s %.0f%n", algorithm, best);
    }
  }

  private static double once(Path file, MessageDigest digest, byte[] buffer) throws IOException {
    long started = System.nanoTime();
    long total = 0;
    try (FileChannel in = FileChannel.open(file)) {
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      int n;
      while ((n = in.read(wrapped.clear())) > 0) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    digest.digest();
    return total / 1048576.0 / ((System.nanoTime() - started) / 1e9);
  }
}
