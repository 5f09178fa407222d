#pragma once
/// kr-server as a Poco ServerApplication: options, configuration (file < env < CLI), the engine,
/// the key file, and the HTTP server with its own thread pool.
#include <Poco/Util/ServerApplication.h>

#include "server/http/server_config.h"

namespace kr::http {

class ServerApp : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const std::vector<std::string>& args) override;

 private:
  void print_help();

  bool help_ = false;
  std::string config_file_;
  SettingMap cli_;  ///< settings given on the command line, by key
};

}  // namespace kr::http
