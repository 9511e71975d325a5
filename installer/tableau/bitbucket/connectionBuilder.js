// Builds the apiodbc connection string for Bitbucket Cloud from the dialog's attributes.
// OAuth: Tableau runs the browser flow (oauthConfig.xml) and hands over ACCESSTOKEN, which
// the driver uses as given. Basic: e-mail and API token. Access token: a workspace,
// project or repository token. Secrets the user typed travel under PWD.
(function dsbuilder(attr) {
    var params = {};
    params["Provider"] = "bitbucket";
    // Tableau sends the same metadata and filter queries again and again: answer repeats
    // from the response cache for five minutes instead of spending API requests on them.
    params["CacheTTL"] = "300";
    var auth = attr[connectionHelper.attributeAuthentication];
    if (auth == "oauth") {
        params["AuthScheme"] = "OAuth";
        params["InitiateOAuth"] = "OFF";
        params["OAuthAccessToken"] = attr["ACCESSTOKEN"];
    } else if (auth == "auth-user-pass") {
        params["AuthScheme"] = "Basic";
        params[connectionHelper.keywordODBCUsername] = attr[connectionHelper.attributeUsername];
        params[connectionHelper.keywordODBCPassword] = attr[connectionHelper.attributePassword];
    } else {
        params["AuthScheme"] = "AccessToken";
        params[connectionHelper.keywordODBCPassword] = attr["v-token"];
    }
    if (attr[connectionHelper.attributeDatabase]) {
        params["Workspace"] = attr[connectionHelper.attributeDatabase];
    }
    if (attr[connectionHelper.attributeSchema]) {
        params["Schema"] = attr[connectionHelper.attributeSchema];
    }
    if (attr["v-baseurl"]) {
        params["BaseURL"] = attr["v-baseurl"];
    }

    var formatted = [connectionHelper.formatKeyValuePair(driverLocator.keywordDriver, driverLocator.locateDriver(attr))];
    for (var key in params) {
        formatted.push(connectionHelper.formatKeyValuePair(key, params[key]));
    }
    return formatted;
})
