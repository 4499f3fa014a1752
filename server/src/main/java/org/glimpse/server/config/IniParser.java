package org.glimpse.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads INI files the way oslo.config does, which generic INI libraries do not: only lines that
 * start with {@code #} or {@code ;} are comments ({@code key = a # b} has the value {@code a # b});
 * a line starting with whitespace continues the previous value (joined with a newline); the key
 * ends at the first {@code =} or {@code :}; one pair of matching quotes around a value is removed;
 * a line without {@code =} or {@code :} is an error; section names other than {@code DEFAULT} are
 * lower-cased.
 */
final class IniParser {
  /** One assignment, in file order; a later one for the same key wins. */
  record Entry(String section, String key, String value, int line) {}

  /** One section header and the assignments under it, in file order. */
  record Section(String name, int line, List<Entry> entries) {}

  private IniParser() {}

  /**
   * The file's sections in file order, empty ones included, with their names exactly as written
   * (not lower-cased): for files whose section names are data, such as a property protection file.
   */
  static List<Section> sections(Path file) {
    return sections(file.toString(), read(file));
  }

  static List<Entry> parse(Path file) {
    return parse(file.toString(), read(file));
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  static List<Entry> parse(String source, List<String> lines) {
    return scan(source, lines, false, null);
  }

  static List<Section> sections(String source, List<String> lines) {
    List<Section> sections = new ArrayList<>();
    scan(source, lines, true, sections);
    return sections;
  }

  /** All assignments; with {@code sections}, also every header and its assignments. */
  private static List<Entry> scan(String source, List<String> lines, boolean keepCase, List<Section> sections) {
    List<Entry> entries = new ArrayList<>();
    String section = null;
    String key = null;
    StringBuilder value = null;
    int keyLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).stripTrailing();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
      if (continuation) {
        if (key == null) {
          throw error(source, lineNo, "unexpected continuation line", line);
        }
        value.append('\n').append(line.strip());
        continue;
      }
      if (key != null) {
        add(entries, sections, new Entry(section, key, unquote(value.toString()), keyLine));
        key = null;
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = sectionName(source, lineNo, line, keepCase);
        if (sections != null) {
          sections.add(new Section(section, lineNo, new ArrayList<>()));
        }
        continue;
      }
      int colon = line.indexOf(':');
      int equal = line.indexOf('=');
      int split = equal >= 0 && (colon < 0 || equal < colon) ? equal : colon;
      if (split < 0) {
        throw error(source, lineNo, "no '=' or ':' in assignment", line);
      }
      key = line.substring(0, split).strip();
      if (key.isEmpty()) {
        throw error(source, lineNo, "empty key", line);
      }
      if (section == null) {
        throw error(source, lineNo, "assignment before any [section]", line);
      }
      value = new StringBuilder(line.substring(split + 1).strip());
      keyLine = lineNo;
    }
    if (key != null) {
      add(entries, sections, new Entry(section, key, unquote(value.toString()), keyLine));
    }
    return entries;
  }

  private static void add(List<Entry> entries, List<Section> sections, Entry entry) {
    entries.add(entry);
    if (sections != null) {
      sections.get(sections.size() - 1).entries().add(entry);
    }
  }

  private static String sectionName(String source, int lineNo, String line, boolean keepCase) {
    if (!line.endsWith("]")) {
      throw error(source, lineNo, "section must end with ']'", line);
    }
    String name = line.substring(1, line.length() - 1);
    if (name.isEmpty()) {
      throw error(source, lineNo, "empty section name", line);
    }
    return keepCase || name.equals(Options.DEFAULT) ? name : name.toLowerCase(Locale.ROOT);
  }

  /** Oslo strips quotes from the first line only, before continuation lines are added. */
  private static String unquote(String value) {
    int end = value.indexOf('\n');
    String first = end < 0 ? value : value.substring(0, end);
    if (first.length() >= 2
        && (first.charAt(0) == '"' || first.charAt(0) == '\'')
        && first.charAt(0) == first.charAt(first.length() - 1)) {
      first = first.substring(1, first.length() - 1);
    }
    return end < 0 ? first : first + value.substring(end);
  }

  private static ConfigException error(String source, int lineNo, String what, String line) {
    return new ConfigException(source + ":" + lineNo + ": " + what + ": '" + line + "'");
  }
}
