package org.tcplifecycle.tools;

public final class Main {
    public static void main(String[] args) {
        System.out.println("tcp-tools: commands arrive with the tools module");
    }
}
