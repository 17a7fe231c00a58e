package org.tcplifecycle.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesInOrderAndEscapesStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", true);
        m.put("a", List.of(1, 2L, "x"));
        m.put("s", "q\"\\\n\t\u0001é");
        m.put("n", null);
        m.put("d", 0.5);
        m.put("nan", Double.NaN);
        m.put("e", List.of());
        String out = Json.write(m);
        assertThat(out).isEqualTo("{\"b\":true,\"a\":[1,2,\"x\"],\"s\":\"q\\\"\\\\\\n\\t\\u0001é\",\"n\":null,\"d\":0.5,"
                + "\"nan\":null,\"e\":[]}");
        Map<?, ?> back = (Map<?, ?>) MiniJson.parse(out);
        assertThat(back.get("s")).isEqualTo("q\"\\\n\t\u0001é");
        assertThat(back.get("a")).isEqualTo(Arrays.asList(1L, 2L, "x"));
    }
}
