# What `cmake --install` puts where, in Debian's layout (GNUInstallDirs: /usr/local by default,
# /usr in the .deb): the binary, the man page, the completions (bash-completion's lazy-loading
# directory, where the file must carry the command's name; zsh's vendor directory, as Debian's
# ripgrep and fd do) and the documentation.
include(GNUInstallDirs)
install(TARGETS memwho RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${MEMWHO_MAN_PAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/memwho.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME memwho)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_memwho
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/metrics.md
              ${PROJECT_SOURCE_DIR}/docs/output-formats.md ${PROJECT_SOURCE_DIR}/docs/capture.md
              ${PROJECT_SOURCE_DIR}/docs/memwho-exporter.service
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
