import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went, from a Java Flight Recorder file: every execution sample is charged
 * to the library of the first frame (from the top of the stack) that is not the JDK itself, so a
 * HashMap or a socket write counts for whoever called it. Prints the share of each library and the
 * methods most often on top of the stack. Run by the JDK from source:
 * {@code java bench/JfrSummary.java recording.jfr [label]}.
 */
public final class JfrSummary {
  private static final String[][] LIBRARIES = {
      {"org.glimpse.", "Glimpse"}, {"org.h2.", "H2"}, {"org.postgresql.", "PostgreSQL JDBC"},
      {"org.mariadb.", "MariaDB JDBC"}, {"com.zaxxer.hikari.", "HikariCP"}, {"org.jdbi.", "JDBI"},
      {"org.eclipse.jetty.", "Jetty"}, {"io.javalin.", "Javalin"}, {"com.fasterxml.jackson.", "Jackson"},
      {"kotlin.", "Javalin"}, {"org.slf4j.", "logging"}, {"ch.qos.", "logging"},
      {"io.micrometer.", "Micrometer"}, {"org.flywaydb.", "Flyway"}, {"com.rabbitmq.", "RabbitMQ client"},
      {"software.amazon.", "AWS SDK"}, {"org.apache.", "Apache libraries"}};
  private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java bench/JfrSummary.java recording.jfr [label]");
      System.exit(2);
    }
    Map<String, Integer> byLibrary = new HashMap<>();
    Map<String, Integer> byTopMethod = new HashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      total++;
      byTopMethod.merge(methodName(frames.get(0)), 1, Integer::sum);
      byLibrary.merge(libraryOf(frames), 1, Integer::sum);
    }
    String label = args.length > 1 ? args[1] + ": " : "";
    System.out.printf("%s%d CPU samples (JFR execution samples, every 10 ms per running thread)%n", label, total);
    if (total == 0) {
      return;
    }
    final int all = total;
    System.out.print("  by library: ");
    System.out.println(String.join(", ", byLibrary.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / all)).toList()));
    System.out.println("  most often on top of the stack:");
    byTopMethod.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
        .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
  }

  /** The library of the first frame that is not the JDK's; "JDK" when all of them are. */
  private static String libraryOf(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (isJdk(type)) {
        continue;
      }
      for (String[] library : LIBRARIES) {
        if (type.startsWith(library[0])) {
          return library[1];
        }
      }
      String[] parts = type.split("\\.");
      return parts.length > 2 ? parts[0] + "." + parts[1] : type;
    }
    return "JDK";
  }

  private static boolean isJdk(String type) {
    for (String prefix : JDK) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String methodName(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
