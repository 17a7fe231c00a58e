package org.tcplifecycle.tools.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tcplifecycle.tools.packetdrill.Token.Kind;

class LexerTest {

    private static List<Token> lex(String s) {
        return Lexer.tokenize(s, "t.pkt");
    }

    private static List<String> show(String s) {
        return lex(s).stream().filter(t -> !t.is(Kind.EOF)).map(t -> t.kind() + ":" + t.text()).toList();
    }

    @Test
    void blockingTimeSplitsAroundTheEllipsis() {
        assertThat(show("+.01...0.011 connect")).containsExactly("PUNCT:+", "FLOAT:.01", "ELLIPSIS:...",
                "FLOAT:0.011", "WORD:connect");
        assertThat(show("+0...30")).containsExactly("PUNCT:+", "INT:0", "ELLIPSIS:...", "INT:30");
    }

    @Test
    void sequenceRangeIsNotAnAddress() {
        assertThat(show("1:1001(1000)")).containsExactly("INT:1", "PUNCT::", "INT:1001", "PUNCT:(", "INT:1000",
                "PUNCT:)");
        assertThat(show("F. 1000000:1001400(1400)")).startsWith("WORD:F", "PUNCT:.", "INT:1000000", "PUNCT::");
    }

    @Test
    void addresses() {
        assertThat(show("fd00::1 > 2001:db8::2: 10.0.0.1:"))
                .containsExactly("ADDRESS:fd00::1", "PUNCT:>", "ADDRESS:2001:db8::2", "PUNCT::",
                        "ADDRESS:10.0.0.1", "PUNCT::");
        assertThat(show("::ffff:192.0.2.1")).containsExactly("ADDRESS:::ffff:192.0.2.1");
    }

    @Test
    void cookiesAndNumbers() {
        assertThat(show("abcd1234 87654321 1234abcd 0x1F -1"))
                .containsExactly("WORD:abcd1234", "INT:87654321", "WORD:1234abcd", "INT:0x1F", "PUNCT:-", "INT:1");
    }

    @Test
    void optionsStringsCommandsAndCode() {
        List<Token> t = lex("--tolerance_usecs=7000 --flag --define=X=\"a b\"\n\"s\\\"q\" `a\nb` %{ x\n }%");
        assertThat(t.get(0)).extracting(Token::kind, Token::text, Token::value)
                .containsExactly(Kind.OPTION, "tolerance_usecs", "7000");
        assertThat(t.get(1).value()).isNull();
        assertThat(t.get(2).value()).isEqualTo("X=\"a b\"");
        assertThat(t.get(3)).extracting(Token::kind, Token::value).containsExactly(Kind.STRING, "s\\\"q");
        assertThat(t.get(4)).extracting(Token::kind, Token::value, Token::line).containsExactly(Kind.BACKQUOTE, "a\nb", 2);
        assertThat(t.get(5)).extracting(Token::kind, Token::value, Token::line).containsExactly(Kind.CODE, "x\n", 3);
        assertThat(t.get(6)).extracting(Token::kind, Token::line).containsExactly(Kind.EOF, 4);
    }

    @Test
    void commentsAreSkippedAndPositionsTracked() {
        List<Token> t = lex("a // one\n  /* two\n three */ b/*x*/c\td");
        assertThat(t).extracting(Token::text).containsExactly("a", "b", "c", "d", "");
        assertThat(t.get(1)).extracting(Token::line, Token::column, Token::spaceBefore).containsExactly(3, 11, true);
        assertThat(t.get(2)).extracting(Token::line, Token::column, Token::spaceBefore).containsExactly(3, 17, true);
        assertThat(t.get(3)).extracting(Token::line, Token::column).containsExactly(3, 19);
        List<Token> u = lex("S.");
        assertThat(u.get(1).spaceBefore()).isFalse();
    }
}
