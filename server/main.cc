// kr-server: the search API and page over an index written by kr-index.
#include <Poco/Exception.h>

#include <iostream>

#include "server/http/server_app.h"

int main(int argc, char** argv) {
  try {
    kr::http::ServerApp app;
    return app.run(argc, argv);
  } catch (const Poco::Exception& e) {
    std::cerr << "kr-server: " << e.displayText() << "\n";
    return 64;  // EX_USAGE: unknown option, missing argument
  }
}
